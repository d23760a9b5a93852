import type { Knex } from 'knex';
import {
  canonicalJson,
  type AuditEvent,
  type ChangeRequest,
  type Evidence,
  type Gate,
  type GovernanceStatus,
  type IntegrationRecord,
  type MonitoringException,
  type RecordChange,
  type TestCase,
} from '@internal/plugin-healthcare-integration-common';
import type {
  RecordChangeDecisionRow,
  RecordChangeRow,
} from '../database/rows';
import { toRecordChange } from '../database/rows';
import { toException, type ExceptionRow } from '../monitoring/rows';
import type { ConfirmationRow, VersionRow } from '../mapping/mappingStore';
import {
  BoundState,
  UNKNOWN,
  decisionKey,
  emptyState,
  pathKey,
  replayChain,
  type GateCoverage,
  type Replay,
} from './replay';

/**
 * Binding: the record sections (tables in the database, or the sections of an evidence pack)
 * must be exactly what the chain implies. A gate set to approved without an approval event,
 * a decision whose approver was changed, an evidence hash swapped, a waiver that was never
 * granted: each is a difference naming the field and the event.
 */

export interface MappingVersionSection {
  version: number;
  specHash: string;
  evidenceId?: string;
  comment?: string;
  createdBy: string;
  createdAt: string;
}

export interface MappingConfirmationSection {
  row: string;
  rowHash: string;
  version: number;
  status: string;
  role: string;
  decidedBy: string;
  decidedAt: string;
  comment?: string;
  stale: boolean;
}

/** The record as sections: what a pack carries and what the database is read into. */
export interface RecordSections {
  integration: IntegrationRecord;
  gates: Gate[];
  evidence: Evidence[];
  tests: TestCase[];
  changeRequests: ChangeRequest[];
  /** Every record change, oldest first. */
  recordChanges: RecordChange[];
  /** Every monitoring exception, open or closed. */
  exceptions: MonitoringException[];
  mapping: {
    versions: MappingVersionSection[];
    confirmations: MappingConfirmationSection[];
  };
}

/** Reads the sections of one record (status from the engine, the rest from their tables). */
export async function readRecordSections(
  db: Knex,
  status: GovernanceStatus,
): Promise<RecordSections> {
  const ref = status.record.entityRef;
  const [changes, changeDecisions, exceptions, versions, confirmations] =
    await Promise.all([
      db<RecordChangeRow>('hip_record_changes')
        .where({ entity_ref: ref })
        .orderBy('proposed_at', 'asc')
        .orderBy('id'),
      db<RecordChangeDecisionRow>('hip_record_change_decisions')
        .join(
          'hip_record_changes as c',
          'c.id',
          'hip_record_change_decisions.change_id',
        )
        .where('c.entity_ref', ref)
        .select('hip_record_change_decisions.*')
        .orderBy('hip_record_change_decisions.id'),
      db<ExceptionRow>('hip_exceptions')
        .where({ entity_ref: ref })
        .orderBy('first_seen_at')
        .orderBy('id'),
      db<VersionRow>('hip_mapping_versions')
        .where({ entity_ref: ref })
        .orderBy('version')
        .select(
          'version',
          'spec_hash',
          'evidence_id',
          'comment',
          'created_by',
          'created_at',
        ),
      db<ConfirmationRow>('hip_mapping_confirmations')
        .where({ entity_ref: ref })
        .orderBy('id'),
    ]);
  return {
    integration: status.record,
    gates: status.gates,
    evidence: status.evidence,
    tests: status.tests,
    changeRequests: status.changeRequests,
    recordChanges: changes.map(r => toRecordChange(r, changeDecisions)),
    exceptions: exceptions.map(toException),
    mapping: {
      versions: versions.map(v => ({
        version: Number(v.version),
        specHash: v.spec_hash,
        evidenceId: v.evidence_id ?? undefined,
        comment: v.comment ?? undefined,
        createdBy: v.created_by,
        createdAt: v.created_at,
      })),
      confirmations: confirmations.map(c => ({
        row: c.row_id,
        rowHash: c.row_hash,
        version: Number(c.version),
        status: c.status,
        role: c.role,
        decidedBy: c.decided_by,
        decidedAt: c.decided_at,
        comment: c.comment ?? undefined,
        stale: Boolean(c.stale),
      })),
    },
  };
}

const pick = (o: Record<string, any>, keys: string[]) =>
  Object.fromEntries(keys.map(k => [k, o[k]]));

/** The sections in the shape replay derives, with exactly the fields the chain binds. */
export function boundStateOf(s: RecordSections): BoundState {
  const state = emptyState();
  const i = s.integration ?? ({} as IntegrationRecord);
  state.integration = pick(i, [
    'title',
    'stage',
    'profile',
    'roles',
    'requestedBy',
    'createdAt',
    'profileRevision',
    'policyHash',
  ]);
  for (const g of s.gates ?? []) {
    const decisions = new Map<string, Record<string, unknown>>();
    const counts = new Map<string, number>();
    // Time order, as replay keys them (the status read sorts them so too).
    for (const d of [...(g.decisions ?? [])].sort((a, b) =>
      String(a.decidedAt).localeCompare(String(b.decidedAt)),
    )) {
      const n = (counts.get(d.role) ?? 0) + 1;
      counts.set(d.role, n);
      decisions.set(
        decisionKey(d.role, n),
        pick(d, [
          'decision',
          'comment',
          'decidedBy',
          'decidedAt',
          'profileRevision',
          'evidenceDigest',
          'stale',
        ]),
      );
    }
    state.gates.set(g.id, {
      status: g.status,
      reopenReason: g.reopenReason,
      waiver: g.waiver as any,
      decisions,
    });
  }
  for (const e of s.evidence ?? []) {
    state.evidence.set(
      e.id,
      pick(e, [
        'kind',
        'title',
        'sha256',
        'sizeBytes',
        'mediaType',
        'url',
        'uploadedBy',
        'uploadedAt',
        'expiresAt',
        'supersedes',
        'supersededBy',
      ]),
    );
  }
  for (const t of s.tests ?? []) {
    state.tests.set(
      t.scenario,
      pick(t, [
        'result',
        'owner',
        'evidenceId',
        'notes',
        'recordedBy',
        'recordedAt',
      ]),
    );
  }
  for (const c of s.changeRequests ?? []) {
    state.changeRequests.set(
      c.id,
      pick(c, [
        'type',
        'changeClass',
        'status',
        'summary',
        'impactAssessment',
        'notify',
        'reopenedGates',
        'requestedBy',
        'requestedAt',
        'authorisedBy',
        'authorisedAt',
        'locked',
        'closedAt',
      ]),
    );
  }
  for (const r of s.recordChanges ?? []) {
    state.recordChanges.set(r.id, {
      ...pick(r, [
        'status',
        'proposedBy',
        'proposedAt',
        'before',
        'after',
        'approverRoles',
        'closedAt',
      ]),
      decisions: new Map(
        (r.decisions ?? []).map(d => [
          d.role,
          pick(d, ['decision', 'comment', 'decidedBy', 'decidedAt']),
        ]),
      ),
    });
  }
  for (const x of s.exceptions ?? []) {
    state.exceptions.set(
      x.id,
      pick(x, [
        'category',
        'kind',
        'status',
        'routedRole',
        'routedTo',
        'acknowledgedBy',
        'acknowledgedAt',
        'resolvedBy',
        'resolvedAt',
      ]),
    );
  }
  for (const v of s.mapping?.versions ?? []) {
    state.mapping.versions.set(
      `v${v.version}`,
      pick(v, ['specHash', 'evidenceId', 'createdBy', 'createdAt', 'comment']),
    );
  }
  const counts = new Map<string, number>();
  for (const c of s.mapping?.confirmations ?? []) {
    const n = (counts.get(c.row) ?? 0) + 1;
    counts.set(c.row, n);
    state.mapping.confirmations.set(
      `${c.row} #${n}`,
      pick(c, [
        'row',
        'rowHash',
        'version',
        'status',
        'role',
        'decidedBy',
        'decidedAt',
        'comment',
        'stale',
      ]),
    );
  }
  return state;
}

const NODE = Symbol('node');
type Flat = Map<string, { path: string[]; value: unknown }>;

/** Leaves (primitives, arrays as canonical JSON) and nodes (objects, map entries) by path. */
function flatten(
  value: unknown,
  path: string[] = [],
  out: Flat = new Map(),
): Flat {
  if (value === undefined || value === null) return out;
  if (value === UNKNOWN) {
    out.set(pathKey(path), { path, value: UNKNOWN });
    return out;
  }
  if (value instanceof Map) {
    if (path.length) out.set(pathKey(path), { path, value: NODE });
    for (const [k, v] of value) flatten(v, [...path, String(k)], out);
    return out;
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    if (path.length) out.set(pathKey(path), { path, value: NODE });
    for (const k of Object.keys(value as object))
      flatten((value as any)[k], [...path, k], out);
    return out;
  }
  out.set(pathKey(path), {
    path,
    value: Array.isArray(value) ? canonicalJson(value) : value,
  });
  return out;
}

/** The collections whose next path segment is a key: printed in brackets. */
const KEYED = new Set([
  'gates',
  'evidence',
  'tests',
  'changeRequests',
  'recordChanges',
  'exceptions',
  'decisions',
  'versions',
  'confirmations',
]);

export function formatPath(path: string[]) {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    out +=
      i > 0 && KEYED.has(path[i - 1])
        ? `[${path[i]}]`
        : `${i ? '.' : ''}${path[i]}`;
  }
  return out;
}

export interface BindingDifference {
  /** e.g. `gates[security-review].decisions[securityReviewer #1].decidedBy`. */
  field: string;
  /** The event that set (or should have set) the field, when the chain knows it. */
  seq?: number;
  recorded?: unknown;
  derived?: unknown;
  message: string;
}

export interface BindingResult {
  ok: boolean;
  /** Events replayed. */
  events: number;
  differences: BindingDifference[];
  /** Actions the replay does not interpret (not an error; listed for the reader). */
  unknownActions: string[];
}

/** Parents before children; siblings by key. */
function comparePaths(a: string[], b: string[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

const show = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v) : String(v);

/**
 * Compares the sections with the chain's replay. `label` names the compared side in messages
 * ("the pack", "the database").
 */
export function compareWithChain(
  events: AuditEvent[],
  sections: RecordSections,
  label: string,
  replayed: Replay = replayChain(events, coverageOf(sections)),
): BindingResult {
  const derived = flatten(replayed.state);
  const recorded = flatten(boundStateOf(sections));
  const seqOf = (path: string[]) => {
    for (let n = path.length; n > 0; n--) {
      const seq = replayed.provenance.get(pathKey(path.slice(0, n)));
      if (seq !== undefined) return seq;
    }
    return undefined;
  };
  const differences: BindingDifference[] = [];
  const reportedNodes = new Set<string>();
  const underReported = (path: string[]) => {
    for (let n = path.length - 1; n > 0; n--)
      if (reportedNodes.has(pathKey(path.slice(0, n)))) return true;
    return false;
  };
  const at = (seq?: number) => (seq ? ` (event ${seq})` : '');

  const keys = [...new Set([...derived.keys(), ...recorded.keys()])]
    .map(k => ({ k, path: (derived.get(k) ?? recorded.get(k))!.path }))
    .sort((a, b) => comparePaths(a.path, b.path))
    .map(x => x.k);
  for (const key of keys) {
    const d = derived.get(key);
    const r = recorded.get(key);
    const path = (d ?? r)!.path;
    if (underReported(path)) continue;
    const field = formatPath(path);
    if (d?.value === UNKNOWN) continue;
    const seq = seqOf(path);
    if (d && !r) {
      if (d.value === NODE) {
        reportedNodes.add(key);
        differences.push({
          field,
          seq,
          message: `${field}: the chain records it${at(
            seq,
          )}, but ${label} has no such entry`,
        });
      } else {
        differences.push({
          field,
          seq,
          derived: d.value,
          message: `${field}: ${label} has no value; the chain says ${show(
            d.value,
          )}${at(seq)}`,
        });
      }
      continue;
    }
    if (r && !d) {
      if (r.value === NODE) {
        reportedNodes.add(key);
        differences.push({
          field,
          message: `${field}: in ${label}, but no event in the chain records it`,
        });
      } else {
        differences.push({
          field,
          seq,
          recorded: r.value,
          message: `${field}: ${label} says ${show(
            r.value,
          )}; the chain has no such value${at(seq)}`,
        });
      }
      continue;
    }
    if (d!.value === NODE && r!.value === NODE) continue;
    if (canonicalJson(d!.value) !== canonicalJson(r!.value)) {
      differences.push({
        field,
        seq,
        recorded: r!.value,
        derived: d!.value,
        message: `${field}: ${label} says ${show(
          r!.value,
        )}; the chain says ${show(d!.value)}${at(seq)}`,
      });
    }
  }
  return {
    ok: differences.length === 0,
    events: replayed.events,
    differences,
    unknownActions: [...new Set(replayed.unknownActions)],
  };
}

/** What each gate covers (its evidence kinds, the test matrix), to tell what an approver saw. */
export function coverageOf(
  sections: Pick<RecordSections, 'gates'>,
): Map<string, GateCoverage> {
  return new Map(
    (sections.gates ?? []).map(g => [
      g.id,
      {
        evidenceKinds: [...(g.evidenceKinds ?? [])],
        requiresTestMatrix: Boolean(g.requiresTestMatrix),
      },
    ]),
  );
}
