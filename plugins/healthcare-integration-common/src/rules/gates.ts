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

/** One reason a gate cannot be approved now, as data (the checklist words it for people). */
export type GateBlocker =
  | { kind: 'prerequisite'; gateId: string; title: string; status: string }
  | { kind: 'evidence-missing'; evidenceKind: string }
  | { kind: 'evidence-expired'; evidenceKind: string; expiredAt: string }
  | { kind: 'tests-not-passed'; scenarios: string[] };

/** Why the gate cannot be approved now, as data; empty when it can. */
export function gateBlockerFacts(
  gate: GateFacts,
  allGates: GateFacts[],
  evidence: EvidenceFacts[],
  tests: TestFacts[],
  now: Date,
): GateBlocker[] {
  const blockers: GateBlocker[] = [];
  for (const req of gate.requires) {
    const prereq = allGates.find(g => g.id === req);
    // A prerequisite the policy did not derive for this record does not block.
    if (prereq && !isGateClosed(prereq.status)) {
      blockers.push({
        kind: 'prerequisite',
        gateId: prereq.id,
        title: prereq.title,
        status: prereq.status,
      });
    }
  }
  const current = evidence.filter(e => !e.supersededBy);
  for (const kind of gate.evidenceKinds) {
    const ofKind = current.filter(e => e.kind === kind);
    if (ofKind.length === 0)
      blockers.push({ kind: 'evidence-missing', evidenceKind: kind });
    else if (ofKind.every(e => isEvidenceExpired(e, now)))
      blockers.push({
        kind: 'evidence-expired',
        evidenceKind: kind,
        expiredAt: ofKind[0].expiresAt!,
      });
  }
  if (gate.requiresTestMatrix) {
    const notPassed = TEST_SCENARIOS.filter(s => {
      const t = tests.find(x => x.scenario === s);
      return !t || t.result !== 'passed' || !t.evidenceId;
    });
    if (notPassed.length) {
      blockers.push({ kind: 'tests-not-passed', scenarios: notPassed });
    }
  }
  return blockers;
}

/** The blocker as the engine words it in refusals and in the status's `blockers`. */
export function blockerText(blocker: GateBlocker): string {
  switch (blocker.kind) {
    case 'prerequisite':
      return `waiting for gate "${blocker.title}" (${blocker.status})`;
    case 'evidence-missing':
      return `needs ${blocker.evidenceKind} evidence`;
    case 'evidence-expired':
      return `${blocker.evidenceKind} evidence expired on ${blocker.expiredAt}`;
    default:
      return `test scenarios not passed with evidence: ${blocker.scenarios.join(
        ', ',
      )}`;
  }
}

/** Why the gate cannot be approved now; empty when it can. */
export function gateBlockers(
  gate: GateFacts,
  allGates: GateFacts[],
  evidence: EvidenceFacts[],
  tests: TestFacts[],
  now: Date,
): string[] {
  return gateBlockerFacts(gate, allGates, evidence, tests, now).map(
    blockerText,
  );
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
