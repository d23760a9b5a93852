import {
  INITIAL_CHANGE_STATUS,
  TEST_SCENARIOS,
  type AuditEvent,
  type ChangeClass,
} from '@internal/plugin-healthcare-integration-common';
import { coveredDigest } from '../engine/gateOps';
import { normalizeRef } from '../lib/refs';
import type { EvidenceRow, GateRow, TestRow } from '../database/rows';

/**
 * Replays an integration's audit chain into the state it implies: the record, its gates with
 * every decision and who made it, waivers, evidence, tests, change requests, record changes,
 * monitoring exceptions and mapping sign-offs. `binding.ts` compares this with the stored
 * tables (API) or the pack's record sections (offline verifier). Each field remembers the
 * sequence number of the event that last set it, so a difference names its event.
 *
 * The events and payloads are exactly those the engine writes (`src/engine/*.ts`, the
 * monitoring and mapping services). A value the chain does not carry is `UNKNOWN` and is not
 * compared (e.g. an evidence media type uploaded before the payload carried it).
 */

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Maybe<T> = T | typeof UNKNOWN;

/** The state that is bound to the chain, in a shape both sides are converted to. */
export interface BoundState {
  integration: {
    title?: string;
    stage?: string;
    profile?: Record<string, unknown>;
    roles?: Record<string, unknown>;
    requestedBy?: string;
    createdAt?: string;
    profileRevision?: number;
    policyHash?: string;
  };
  gates: Map<string, BoundGate>;
  evidence: Map<string, Record<string, unknown>>;
  tests: Map<string, Record<string, unknown>>;
  changeRequests: Map<string, Record<string, unknown>>;
  recordChanges: Map<
    string,
    Record<string, unknown> & {
      decisions: Map<string, Record<string, unknown>>;
    }
  >;
  exceptions: Map<string, Record<string, unknown>>;
  mapping: {
    versions: Map<string, Record<string, unknown>>;
    confirmations: Map<string, Record<string, unknown>>;
  };
}

export interface BoundGate {
  status?: string;
  reopenReason?: string;
  waiver?: Record<string, unknown>;
  decisions: Map<string, Record<string, unknown>>;
}

/** One gate decision as the chain recorded it, with what the approver had in front of them. */
export interface ReplayedDecision {
  gateId: string;
  key: string;
  seq: number;
  role: string;
  decision: string;
  decidedBy: string;
  decidedAt: string;
  comment: string;
  round: number;
  /** Current evidence of the gate's kinds when the decision was made (needs the gate's kinds). */
  evidenceSeen?: string[];
  /** Whether that evidence (and test matrix) hashes to the digest the decision recorded. */
  digestMatches?: boolean;
}

export interface Replay {
  state: BoundState;
  /** Path (as `pathKey` builds it) → sequence number of the event that last set it. */
  provenance: Map<string, number>;
  decisions: ReplayedDecision[];
  /** Actions the replay does not know (counted, not interpreted). */
  unknownActions: string[];
  events: number;
}

/** What replay may know of a gate beyond the chain, to say which evidence an approver saw. */
export interface GateCoverage {
  evidenceKinds: string[];
  requiresTestMatrix: boolean;
}

export const pathKey = (path: string[]) => JSON.stringify(path);

type Payload = Record<string, any>;

export function emptyState(): BoundState {
  return {
    integration: {},
    gates: new Map(),
    evidence: new Map(),
    tests: new Map(),
    changeRequests: new Map(),
    recordChanges: new Map(),
    exceptions: new Map(),
    mapping: { versions: new Map(), confirmations: new Map() },
  };
}

/** The n-th decision of a role on a gate (1-based, in time order): how both sides key decisions. */
export const decisionKey = (role: string, n: number) => `${role} #${n}`;

const nullable = <T>(v: T | null | undefined) => (v === null ? undefined : v);

export function replayChain(
  events: AuditEvent[],
  coverage?: Map<string, GateCoverage>,
): Replay {
  const state = emptyState();
  const provenance = new Map<string, number>();
  const decisions: ReplayedDecision[] = [];
  const unknownActions: string[] = [];
  /** Decisions per gate in event order, with the round they were made in. */
  const gateDecisions = new Map<
    string,
    Array<{
      role: string;
      round: number;
      row: Record<string, unknown>;
      seq: number;
      staleSeq?: number;
    }>
  >();
  const rounds = new Map<string, number>();
  const confirmationCount = new Map<string, number>();
  let seq = 0;

  const mark = (path: string[]) => provenance.set(pathKey(path), seq);
  const setField = (
    path: string[],
    target: Record<string, unknown>,
    key: string,
    value: unknown,
  ) => {
    target[key] = value;
    provenance.set(pathKey([...path, key]), seq);
  };

  const gate = (id: string) => {
    let g = state.gates.get(id);
    if (!g) {
      g = { decisions: new Map() };
      state.gates.set(id, g);
      mark(['gates', id]);
    }
    return g;
  };
  const addGate = (id: string) => {
    const g = gate(id);
    setField(['gates', id], g as any, 'status', 'pending');
    rounds.set(id, 1);
  };
  /** Re-keys a gate's decisions in time order, as the status read sorts them. */
  const rekey = (gateId: string) => {
    const g = gate(gateId);
    const list = [...(gateDecisions.get(gateId) ?? [])].sort((a, b) =>
      String(a.row.decidedAt).localeCompare(String(b.row.decidedAt)),
    );
    const counts = new Map<string, number>();
    const next = new Map<string, Record<string, unknown>>();
    for (const d of list) {
      const n = (counts.get(d.role) ?? 0) + 1;
      counts.set(d.role, n);
      const key = decisionKey(d.role, n);
      next.set(key, d.row);
      provenance.set(pathKey(['gates', gateId, 'decisions', key]), d.seq);
      if (d.staleSeq)
        provenance.set(
          pathKey(['gates', gateId, 'decisions', key, 'stale']),
          d.staleSeq,
        );
    }
    g.decisions = next;
  };
  const evidenceSeenAt = (
    gateId: string,
    round: number,
    evidenceDigest: string,
  ) => {
    const cov = coverage?.get(gateId);
    if (!cov) return {};
    const rows = [...state.evidence.entries()].map(([id, e]) => ({
      id,
      kind: e.kind,
      sha256: e.sha256,
      expires_at: e.expiresAt ?? null,
      superseded_by: e.supersededBy ?? null,
    }));
    const seen = rows
      .filter(
        e => !e.superseded_by && cov.evidenceKinds.includes(String(e.kind)),
      )
      .map(e => e.id);
    const tests = [...state.tests.entries()].map(([scenario, t]) => ({
      scenario,
      result: t.result,
      evidence_id: t.evidenceId ?? null,
    }));
    const digest = coveredDigest(
      {
        evidence_kinds: JSON.stringify(cov.evidenceKinds),
        requires_test_matrix: cov.requiresTestMatrix,
        round,
      } as unknown as GateRow,
      rows as unknown as EvidenceRow[],
      tests as unknown as TestRow[],
    );
    return { evidenceSeen: seen, digestMatches: digest === evidenceDigest };
  };

  for (const event of events) {
    seq = event.seq;
    const p = (event.payload ?? {}) as Payload;
    const subject = event.subject;
    switch (event.action) {
      case 'integration.created': {
        const rec = state.integration as Record<string, unknown>;
        setField(['integration'], rec, 'title', p.title);
        setField(['integration'], rec, 'stage', 'intake');
        setField(['integration'], rec, 'profile', p.profile);
        setField(['integration'], rec, 'roles', p.roles);
        setField(['integration'], rec, 'requestedBy', event.actor);
        setField(['integration'], rec, 'createdAt', event.at);
        setField(['integration'], rec, 'profileRevision', 1);
        setField(['integration'], rec, 'policyHash', p.policyHash);
        for (const id of (p.gates ?? []) as string[]) addGate(id);
        for (const s of TEST_SCENARIOS) {
          const test: Record<string, unknown> = {
            result: 'not-run',
            owner: p.roles?.testOwner,
          };
          state.tests.set(s, test);
          mark(['tests', s]);
        }
        break;
      }
      case 'integration.updated': {
        const rec = state.integration as Record<string, any>;
        if (p.recordChange) {
          const after = (p.after ?? {}) as Payload;
          if (after.title !== undefined)
            setField(['integration'], rec, 'title', after.title);
          if (after.profile)
            setField(['integration'], rec, 'profile', {
              ...rec.profile,
              ...after.profile,
            });
          if (after.roles) {
            setField(['integration'], rec, 'roles', {
              ...rec.roles,
              ...after.roles,
            });
            if (after.roles.testOwner) {
              for (const [s, t] of state.tests)
                setField(['tests', s], t, 'owner', after.roles.testOwner);
            }
          }
        } else {
          if (p.title?.after !== undefined)
            setField(['integration'], rec, 'title', p.title.after);
          if (p.profile?.after)
            setField(['integration'], rec, 'profile', {
              ...rec.profile,
              ...p.profile.after,
            });
        }
        if (p.profileRevision !== undefined)
          setField(['integration'], rec, 'profileRevision', p.profileRevision);
        break;
      }
      case 'stage.moved':
        setField(
          ['integration'],
          state.integration as Record<string, unknown>,
          'stage',
          p.to,
        );
        break;

      case 'gate.added':
        addGate(subject);
        break;
      case 'gate.status':
        setField(['gates', subject], gate(subject) as any, 'status', p.to);
        break;
      case 'gate.reopened': {
        const g = gate(subject);
        setField(['gates', subject], g as any, 'status', 'reopened');
        setField(['gates', subject], g as any, 'reopenReason', p.reason);
        setField(['gates', subject], g as any, 'waiver', undefined);
        rounds.set(subject, Number(p.round ?? (rounds.get(subject) ?? 1) + 1));
        for (const d of gateDecisions.get(subject) ?? []) {
          if (!d.row.stale) {
            d.row.stale = true;
            d.staleSeq = seq;
          }
        }
        rekey(subject);
        break;
      }
      case 'gate.approve':
      case 'gate.reject':
      case 'gate.request-changes': {
        const decision = event.action.slice('gate.'.length);
        const round = Number(p.round ?? rounds.get(subject) ?? 1);
        const row: Record<string, unknown> = {
          decision,
          comment: p.comment,
          decidedBy: event.actor,
          decidedAt: event.at,
          profileRevision: p.profileRevision,
          evidenceDigest: p.evidenceDigest,
          stale: false,
        };
        gate(subject);
        const list = gateDecisions.get(subject) ?? [];
        list.push({ role: String(p.role), round, row, seq });
        gateDecisions.set(subject, list);
        rekey(subject);
        const n = list.filter(d => d.role === String(p.role)).length;
        decisions.push({
          gateId: subject,
          key: decisionKey(String(p.role), n),
          seq,
          role: String(p.role),
          decision,
          decidedBy: event.actor,
          decidedAt: event.at,
          comment: String(p.comment ?? ''),
          round,
          ...evidenceSeenAt(subject, round, String(p.evidenceDigest)),
        });
        break;
      }
      case 'gate.waiver-requested':
        setField(['gates', subject], gate(subject) as any, 'waiver', {
          by: event.actor,
          at: event.at,
          justification: p.justification,
          expiresAt: p.expiresAt,
          pendingCoApproval: p.awaits,
        });
        break;
      case 'gate.waiver-confirmed': {
        const g = gate(subject);
        const { pendingCoApproval: _done, ...rest } = (g.waiver ??
          {}) as Payload;
        setField(['gates', subject], g as any, 'waiver', {
          ...rest,
          coApprovedBy: event.actor,
          coApprovedAt: event.at,
        });
        break;
      }
      case 'gate.waived': {
        const g = gate(subject);
        // A co-approved waiver is the one requested and confirmed; otherwise it is this event's.
        if (!p.coApprovedBy || g.waiver?.coApprovedBy !== p.coApprovedBy) {
          setField(['gates', subject], g as any, 'waiver', {
            by: event.actor,
            at: event.at,
            justification: p.justification,
            expiresAt: p.expiresAt,
            ...(p.coApprovedBy ? { coApprovedBy: p.coApprovedBy } : {}),
          });
        }
        break;
      }
      case 'gate.waiver-expired':
        // The gate.reopened that follows ends the waiver.
        break;

      case 'evidence.uploaded': {
        const item: Record<string, unknown> = {
          kind: p.kind,
          title: p.title,
          sha256: p.sha256,
          sizeBytes: p.sizeBytes,
          // Carried since the signed-checkpoint release; older uploads did not record it.
          mediaType: 'mediaType' in p ? p.mediaType : UNKNOWN,
          url: nullable(p.url),
          uploadedBy: event.actor,
          uploadedAt: event.at,
          expiresAt: nullable(p.expiresAt),
          supersedes: nullable(p.supersedes),
        };
        state.evidence.set(subject, item);
        mark(['evidence', subject]);
        const old = p.supersedes
          ? state.evidence.get(String(p.supersedes))
          : undefined;
        if (old)
          setField(
            ['evidence', String(p.supersedes)],
            old,
            'supersededBy',
            subject,
          );
        break;
      }
      case 'test.recorded': {
        let t = state.tests.get(subject);
        if (!t) {
          t = {};
          state.tests.set(subject, t);
          mark(['tests', subject]);
        }
        setField(['tests', subject], t, 'result', p.result);
        setField(['tests', subject], t, 'evidenceId', nullable(p.evidenceId));
        setField(['tests', subject], t, 'notes', nullable(p.notes));
        setField(['tests', subject], t, 'recordedBy', event.actor);
        setField(['tests', subject], t, 'recordedAt', event.at);
        break;
      }

      case 'change.opened': {
        const changeClass = p.changeClass as ChangeClass;
        const standard = changeClass === 'standard';
        state.changeRequests.set(subject, {
          type: p.type,
          changeClass,
          status: INITIAL_CHANGE_STATUS[changeClass] ?? UNKNOWN,
          summary: p.summary,
          impactAssessment: p.impactAssessment,
          notify: p.notify,
          reopenedGates: p.reopens,
          requestedBy: event.actor,
          requestedAt: event.at,
          authorisedBy: standard ? 'policy:standard-change' : undefined,
          authorisedAt: standard ? event.at : undefined,
          locked: standard,
        });
        mark(['changeRequests', subject]);
        break;
      }
      case 'change.updated': {
        const cr = state.changeRequests.get(subject);
        if (!cr) break;
        const path = ['changeRequests', subject];
        if (p.summary !== undefined) setField(path, cr, 'summary', p.summary);
        if (p.impactAssessment !== undefined)
          setField(path, cr, 'impactAssessment', p.impactAssessment);
        if (Array.isArray(p.notify)) {
          let notify: unknown = UNKNOWN;
          try {
            notify = p.notify.map((r: string) => normalizeRef(r, 'user'));
          } catch {
            // A ref the engine would have refused: leave it uncompared.
          }
          setField(path, cr, 'notify', notify);
        }
        break;
      }
      case 'change.moved': {
        const cr = state.changeRequests.get(subject);
        if (!cr) break;
        const path = ['changeRequests', subject];
        setField(path, cr, 'status', p.to);
        if (p.to === 'implement' && cr.changeClass !== 'standard') {
          setField(path, cr, 'locked', true);
          // Carried since the signed-checkpoint release (the change-control approver, or "policy").
          setField(
            path,
            cr,
            'authorisedBy',
            'authorisedBy' in p ? p.authorisedBy : UNKNOWN,
          );
          setField(path, cr, 'authorisedAt', event.at);
        }
        if (p.to === 'closed') setField(path, cr, 'closedAt', event.at);
        break;
      }

      case 'record-change.proposed':
        state.recordChanges.set(subject, {
          status: 'pending',
          proposedBy: event.actor,
          proposedAt: event.at,
          before: p.before,
          after: p.after,
          approverRoles: p.approverRoles,
          decisions: new Map(),
        });
        mark(['recordChanges', subject]);
        break;
      case 'record-change.approve':
      case 'record-change.reject': {
        const rc = state.recordChanges.get(subject);
        if (!rc) break;
        rc.decisions.set(String(p.role), {
          decision: event.action.slice('record-change.'.length),
          comment: p.comment,
          decidedBy: event.actor,
          decidedAt: event.at,
        });
        mark(['recordChanges', subject, 'decisions', String(p.role)]);
        break;
      }
      case 'record-change.applied':
      case 'record-change.rejected':
      case 'record-change.withdrawn': {
        const rc = state.recordChanges.get(subject);
        if (!rc) break;
        setField(
          ['recordChanges', subject],
          rc,
          'status',
          event.action.slice('record-change.'.length),
        );
        setField(['recordChanges', subject], rc, 'closedAt', event.at);
        break;
      }

      case 'exception.opened':
        state.exceptions.set(subject, {
          category: p.category,
          kind: p.kind,
          status: 'open',
          routedRole: p.routedRole,
          routedTo: p.routedTo,
        });
        mark(['exceptions', subject]);
        break;
      case 'exception.acknowledged':
      case 'exception.resolved': {
        let ex = state.exceptions.get(subject);
        if (!ex) {
          ex = { category: p.category, kind: p.kind };
          state.exceptions.set(subject, ex);
          mark(['exceptions', subject]);
        }
        const to = event.action.slice('exception.'.length);
        const path = ['exceptions', subject];
        setField(path, ex, 'status', to);
        if (to === 'acknowledged') {
          setField(path, ex, 'acknowledgedBy', event.actor);
          setField(path, ex, 'acknowledgedAt', event.at);
        } else {
          setField(path, ex, 'resolvedBy', event.actor);
          setField(path, ex, 'resolvedAt', event.at);
        }
        break;
      }

      case 'mapping.version.stored': {
        const key = `v${p.version}`;
        state.mapping.versions.set(key, {
          specHash: p.specHash,
          evidenceId: nullable(p.evidenceId),
          createdBy: event.actor,
          createdAt: event.at,
          comment: nullable(p.comment),
        });
        mark(['mapping', 'versions', key]);
        break;
      }
      case 'mapping.confirmations.stale': {
        const rows = new Set((p.rows ?? []) as string[]);
        for (const [key, c] of state.mapping.confirmations) {
          if (rows.has(String(c.row)) && !c.stale)
            setField(['mapping', 'confirmations', key], c, 'stale', true);
        }
        break;
      }
      case 'mapping.row.confirmed':
      case 'mapping.row.disputed': {
        const row = String(p.row);
        const n = (confirmationCount.get(row) ?? 0) + 1;
        confirmationCount.set(row, n);
        const key = `${row} #${n}`;
        const version = /^mapping:v(\d+)#/.exec(subject)?.[1];
        state.mapping.confirmations.set(key, {
          row,
          rowHash: p.rowHash,
          version: version ? Number(version) : UNKNOWN,
          status: event.action.slice('mapping.row.'.length),
          role: p.role,
          decidedBy: event.actor,
          decidedAt: event.at,
          comment: nullable(p.comment),
          stale: false,
        });
        mark(['mapping', 'confirmations', key]);
        break;
      }
      case 'mapping.run':
        // Its evidence and test result are events of their own.
        break;
      default:
        unknownActions.push(event.action);
    }
  }
  return {
    state,
    provenance,
    decisions,
    unknownActions,
    events: events.length,
  };
}
