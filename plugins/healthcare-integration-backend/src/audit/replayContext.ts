import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import { coveredDigest } from '../engine/gateOps';
import type { EvidenceRow, GateRow, TestRow } from '../database/rows';
import {
  decisionKey,
  emptyState,
  pathKey,
  type BoundGate,
  type GateCoverage,
  type ReplayedDecision,
} from './replayState';

export type Payload = Record<string, any>;

/** Applies one event of the action it is registered for to the replay. */
export type ReplayHandler = (
  ctx: ReplayContext,
  event: AuditEvent,
  payload: Payload,
) => void;

/** A stored `null` is an absent value on both sides of the comparison. */
export const nullable = <T>(v: T | null | undefined) =>
  v === null ? undefined : v;

/**
 * The state of one replay while its events are applied: what the chain implies so far, and
 * for every field the sequence number of the event that last set it (`seq` is the event being
 * applied), so that a difference found later names its event.
 */
export class ReplayContext {
  readonly state = emptyState();
  readonly provenance = new Map<string, number>();
  readonly decisions: ReplayedDecision[] = [];
  readonly unknownActions: string[] = [];
  /** Decisions per gate in event order, with the round they were made in. */
  readonly gateDecisions = new Map<
    string,
    Array<{
      role: string;
      round: number;
      row: Record<string, unknown>;
      seq: number;
      staleSeq?: number;
    }>
  >();
  readonly rounds = new Map<string, number>();
  readonly confirmationCount = new Map<string, number>();
  seq = 0;

  constructor(private readonly coverage?: Map<string, GateCoverage>) {}

  mark(path: string[]) {
    this.provenance.set(pathKey(path), this.seq);
  }

  setField(
    path: string[],
    target: Record<string, unknown>,
    key: string,
    value: unknown,
  ) {
    target[key] = value;
    this.provenance.set(pathKey([...path, key]), this.seq);
  }

  gate(id: string): BoundGate {
    let g = this.state.gates.get(id);
    if (!g) {
      g = { decisions: new Map() };
      this.state.gates.set(id, g);
      this.mark(['gates', id]);
    }
    return g;
  }

  addGate(id: string) {
    const g = this.gate(id);
    this.setField(['gates', id], g as any, 'status', 'pending');
    this.rounds.set(id, 1);
  }

  /** Re-keys a gate's decisions in time order, as the status read sorts them. */
  rekey(gateId: string) {
    const g = this.gate(gateId);
    const list = [...(this.gateDecisions.get(gateId) ?? [])].sort((a, b) =>
      String(a.row.decidedAt).localeCompare(String(b.row.decidedAt)),
    );
    const counts = new Map<string, number>();
    const next = new Map<string, Record<string, unknown>>();
    for (const d of list) {
      const n = (counts.get(d.role) ?? 0) + 1;
      counts.set(d.role, n);
      const key = decisionKey(d.role, n);
      next.set(key, d.row);
      this.provenance.set(pathKey(['gates', gateId, 'decisions', key]), d.seq);
      if (d.staleSeq)
        this.provenance.set(
          pathKey(['gates', gateId, 'decisions', key, 'stale']),
          d.staleSeq,
        );
    }
    g.decisions = next;
  }

  /**
   * The evidence an approver saw (current evidence of the gate's kinds) and whether it, with the
   * test matrix, reproduces the digest the decision recorded. Needs the gate's coverage.
   */
  evidenceSeenAt(gateId: string, round: number, evidenceDigest: string) {
    const cov = this.coverage?.get(gateId);
    if (!cov) return {};
    const rows = [...this.state.evidence.entries()].map(([id, e]) => ({
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
    const tests = [...this.state.tests.entries()].map(([scenario, t]) => ({
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
  }
}
