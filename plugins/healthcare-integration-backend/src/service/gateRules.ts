import {
  Gate,
  TEST_SCENARIOS,
  canonicalJson,
  isGateClosed,
} from '@internal/plugin-healthcare-integration-common';
import { sha256Hex } from '../audit/chain';
import {
  DecisionRow,
  EvidenceRow,
  GateRow,
  TestRow,
  isExpired,
  toDecision,
} from '../database/rows';

/** Pure rules about a gate: what it covers, what blocks it, and what a decision round yields. */

export const parseList = (json: string): string[] => JSON.parse(json);

/** Evidence that counts: not superseded. */
export function currentEvidence(evidence: EvidenceRow[]) {
  return evidence.filter(e => !e.superseded_by);
}

/**
 * The digest of everything a gate's approval covers: the current evidence of its kinds and,
 * for the test gate, the test matrix. An approval records it; when it changes, the approval
 * goes stale.
 */
export function coveredDigest(gate: GateRow, evidence: EvidenceRow[], tests: TestRow[]): string {
  const kinds = parseList(gate.evidence_kinds);
  const items = currentEvidence(evidence)
    .filter(e => kinds.includes(e.kind))
    .map(e => ({ id: e.id, kind: e.kind, sha256: e.sha256, expiresAt: e.expires_at }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const matrix = gate.requires_test_matrix
    ? tests
        .map(t => ({ s: t.scenario, r: t.result, e: t.evidence_id }))
        .sort((a, b) => a.s.localeCompare(b.s))
    : [];
  return sha256Hex(canonicalJson({ evidence: items, tests: matrix }));
}

/** Why the gate cannot be approved now; empty when it can. */
export function gateBlockers(
  gate: GateRow,
  allGates: GateRow[],
  evidence: EvidenceRow[],
  tests: TestRow[],
  now: Date,
): string[] {
  const blockers: string[] = [];
  for (const req of parseList(gate.requires)) {
    const prereq = allGates.find(g => g.gate_id === req);
    // A prerequisite the policy did not derive for this record does not block.
    if (prereq && !isGateClosed(prereq.status)) {
      blockers.push(`waiting for gate "${prereq.title}" (${prereq.status})`);
    }
  }
  const current = currentEvidence(evidence);
  for (const kind of parseList(gate.evidence_kinds)) {
    const ofKind = current.filter(e => e.kind === kind);
    if (ofKind.length === 0) blockers.push(`needs ${kind} evidence`);
    else if (ofKind.every(e => isExpired(e, now)))
      blockers.push(`${kind} evidence expired on ${ofKind[0].expires_at}`);
  }
  if (gate.requires_test_matrix) {
    const notPassed = TEST_SCENARIOS.filter(s => {
      const t = tests.find(x => x.scenario === s);
      return !t || t.result !== 'passed' || !t.evidence_id;
    });
    if (notPassed.length) blockers.push(`test scenarios not passed with evidence: ${notPassed.join(', ')}`);
  }
  return blockers;
}

/** Gate status from the decisions of its current round. */
export function roundOutcome(
  approverRoles: string[],
  roundDecisions: DecisionRow[],
): 'approved' | 'rejected' | 'in-review' | 'pending' {
  if (roundDecisions.some(d => d.decision === 'reject')) return 'rejected';
  const approved = new Set(roundDecisions.filter(d => d.decision === 'approve').map(d => d.role));
  if (approverRoles.every(r => approved.has(r))) return 'approved';
  return roundDecisions.length ? 'in-review' : 'pending';
}

export function toGate(
  row: GateRow,
  decisions: DecisionRow[],
  blockers: string[],
): Gate {
  return {
    id: row.gate_id,
    title: row.title,
    description: row.description,
    stage: row.stage as Gate['stage'],
    status: row.status,
    approverRoles: parseList(row.approver_roles) as Gate['approverRoles'],
    evidenceKinds: parseList(row.evidence_kinds) as Gate['evidenceKinds'],
    requires: parseList(row.requires),
    slaDays: Number(row.sla_days),
    openedAt: row.opened_at,
    dueAt: row.due_at,
    requestedBy: row.requested_by,
    decisions: decisions
      .filter(d => d.gate_id === row.gate_id)
      .sort((a, b) => a.decided_at.localeCompare(b.decided_at))
      .map(toDecision),
    waiver: row.waiver ? JSON.parse(row.waiver) : undefined,
    reopenReason: row.reopen_reason ?? undefined,
    blockers: isGateClosed(row.status) ? [] : blockers,
  };
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
