import { TEST_SCENARIOS, type Role } from '../types';

/** Pure rules about one gate: what blocks its approval and what a decision round yields. */

export const CLOSED_GATE_STATUSES = [
  'approved',
  'waived',
  'not-required',
] as const;

export function isGateClosed(status: string): boolean {
  return (CLOSED_GATE_STATUSES as readonly string[]).includes(status);
}

/** What the blocker rules read of a gate. */
export interface GateFacts {
  id: string;
  title: string;
  status: string;
  requires: string[];
  evidenceKinds: string[];
  requiresTestMatrix?: boolean;
}

export interface EvidenceFacts {
  kind: string;
  supersededBy?: string | null;
  expiresAt?: string | null;
}

export interface TestFacts {
  scenario: string;
  result: string;
  evidenceId?: string | null;
}

export function isEvidenceExpired(e: EvidenceFacts, now: Date): boolean {
  return !!e.expiresAt && Date.parse(e.expiresAt) <= now.getTime();
}

/** Why the gate cannot be approved now; empty when it can. */
export function gateBlockers(
  gate: GateFacts,
  allGates: GateFacts[],
  evidence: EvidenceFacts[],
  tests: TestFacts[],
  now: Date,
): string[] {
  const blockers: string[] = [];
  for (const req of gate.requires) {
    const prereq = allGates.find(g => g.id === req);
    // A prerequisite the policy did not derive for this record does not block.
    if (prereq && !isGateClosed(prereq.status)) {
      blockers.push(`waiting for gate "${prereq.title}" (${prereq.status})`);
    }
  }
  const current = evidence.filter(e => !e.supersededBy);
  for (const kind of gate.evidenceKinds) {
    const ofKind = current.filter(e => e.kind === kind);
    if (ofKind.length === 0) blockers.push(`needs ${kind} evidence`);
    else if (ofKind.every(e => isEvidenceExpired(e, now)))
      blockers.push(`${kind} evidence expired on ${ofKind[0].expiresAt}`);
  }
  if (gate.requiresTestMatrix) {
    const notPassed = TEST_SCENARIOS.filter(s => {
      const t = tests.find(x => x.scenario === s);
      return !t || t.result !== 'passed' || !t.evidenceId;
    });
    if (notPassed.length) {
      blockers.push(
        `test scenarios not passed with evidence: ${notPassed.join(', ')}`,
      );
    }
  }
  return blockers;
}

/** Gate status from the live decisions of its current round. */
export function roundOutcome(
  approverRoles: readonly string[],
  roundDecisions: ReadonlyArray<{ role: string; decision: string }>,
): 'approved' | 'rejected' | 'in-review' | 'pending' {
  if (roundDecisions.some(d => d.decision === 'reject')) return 'rejected';
  const approved = new Set(
    roundDecisions.filter(d => d.decision === 'approve').map(d => d.role),
  );
  if (approverRoles.every(r => approved.has(r))) return 'approved';
  return roundDecisions.length ? 'in-review' : 'pending';
}

/** Approver roles of a gate that have no live decision yet in the current round. */
export function awaitedRoles(
  approverRoles: readonly Role[],
  roundDecisions: ReadonlyArray<{ role: string }>,
): Role[] {
  return approverRoles.filter(r => !roundDecisions.some(d => d.role === r));
}
