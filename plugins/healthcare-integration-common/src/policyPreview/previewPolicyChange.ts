import type { IntegrationProfile } from '../types';
import { canonicalJson } from '../canonicalJson';
import { isGateClosed } from '../rules/gates';
import { deriveGates, findGatePolicy } from '../policy/derive';
import type { GatePolicy, GovernancePolicy } from '../policy/types';

/** A gate as a record holds it today, with the approvals that currently count. */
export interface PreviewGateInput {
  id: string;
  title: string;
  status: string;
  stage: string;
  approverRoles: string[];
  evidenceKinds: string[];
  requires: string[];
  requiresTestMatrix: boolean;
  slaDays: number;
  /** Approvals on the current round that are not stale. */
  approvals: Array<{ role: string; decidedBy: string }>;
}

export interface PreviewRecordInput {
  entityRef: string;
  title: string;
  stage: string;
  profile: IntegrationProfile;
  gates: PreviewGateInput[];
}

/** What a gate definition's change does to one record's gate. */
export interface PreviewGateChange {
  gateId: string;
  title: string;
  /** The definition fields that differ: approverRoles, evidenceKinds, requires, stage, … */
  fields: string[];
  /** A closed gate that the change opens again (new approver role or evidence kind). */
  reopens: boolean;
}

export interface PreviewApproval {
  gateId: string;
  role: string;
  decidedBy: string;
  outcome: 'stays-valid' | 'goes-stale';
  reason?: string;
}

export interface IntegrationPolicyPreview {
  entityRef: string;
  title: string;
  stage: string;
  added: Array<{ gateId: string; title: string; stage: string }>;
  removed: Array<{ gateId: string; title: string; status: string }>;
  changed: PreviewGateChange[];
  approvals: PreviewApproval[];
}

export interface PolicyPreviewTotals {
  integrations: number;
  /** Integrations with at least one gate added, removed or changed. */
  affected: number;
  gatesAdded: number;
  gatesRemoved: number;
  gatesChanged: number;
  gatesReopened: number;
  approvalsStayValid: number;
  approvalsGoStale: number;
}

/** Gate fields an approval or the engine depends on, compared between the two definitions. */
const COMPARED = [
  'title',
  'stage',
  'approverRoles',
  'evidenceKinds',
  'requires',
  'requiresTestMatrix',
  'slaDays',
] as const;

function definitionOf(g: GatePolicy | PreviewGateInput) {
  return {
    title: g.title,
    stage: g.stage,
    approverRoles: [...(g.approverRoles ?? [])].sort(),
    evidenceKinds: [...(g.evidenceKinds ?? [])].sort(),
    requires: [...(g.requires ?? [])].sort(),
    requiresTestMatrix: !!g.requiresTestMatrix,
    slaDays: g.slaDays,
  };
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Gates a change request opens (change control, post-implementation review) are not derived at intake. */
function isIntakeGate(policy: GovernancePolicy, gateId: string) {
  const g = findGatePolicy(policy, gateId);
  return !g || (g.trigger ?? 'intake') === 'intake';
}

/**
 * What a candidate policy would do to one record: intake gates its profile would gain or lose
 * under `deriveGates`, gates whose definition changes, and each current approval's fate (an
 * approval covers its role and the evidence kinds the gate asked for when it was given).
 */
export function previewRecord(
  current: GovernancePolicy,
  candidate: GovernancePolicy,
  record: PreviewRecordInput,
): IntegrationPolicyPreview {
  const derived = deriveGates(candidate, record.profile);
  const onRecord = new Map(record.gates.map(g => [g.id, g]));
  const out: IntegrationPolicyPreview = {
    entityRef: record.entityRef,
    title: record.title,
    stage: record.stage,
    added: [],
    removed: [],
    changed: [],
    approvals: [],
  };
  // A retired integration keeps its history as it is.
  if (record.stage === 'retired') return out;
  // A gate the record holds as not required counts as added when the candidate needs it again.
  const absent = (id: string) => {
    const held = onRecord.get(id);
    return !held || held.status === 'not-required';
  };
  for (const g of derived) {
    if (absent(g.id))
      out.added.push({ gateId: g.id, title: g.title, stage: g.stage });
  }
  const derivedIds = new Set(derived.map(g => g.id));
  for (const gate of record.gates) {
    // Not required now: added above if the candidate needs it, else nothing changes.
    if (gate.status === 'not-required') continue;
    const next = findGatePolicy(candidate, gate.id);
    const removed =
      !next ||
      (isIntakeGate(current, gate.id) &&
        isIntakeGate(candidate, gate.id) &&
        !derivedIds.has(gate.id));
    if (removed) {
      out.removed.push({
        gateId: gate.id,
        title: gate.title,
        status: gate.status,
      });
      gate.approvals.forEach(a =>
        out.approvals.push({
          gateId: gate.id,
          ...a,
          outcome: 'goes-stale',
          reason: 'the gate is no longer required',
        }),
      );
      continue;
    }
    const before = definitionOf(gate);
    const after = definitionOf(next);
    const fields = COMPARED.filter(f => !same(before[f], after[f]));
    const newRoles = after.approverRoles.filter(
      r => !before.approverRoles.includes(r),
    );
    const evidenceChanged = fields.includes('evidenceKinds');
    if (fields.length) {
      out.changed.push({
        gateId: gate.id,
        title: next.title,
        fields,
        reopens:
          isGateClosed(gate.status) &&
          gate.status !== 'waived' &&
          (newRoles.length > 0 ||
            after.evidenceKinds.some(k => !before.evidenceKinds.includes(k))),
      });
    }
    for (const a of gate.approvals) {
      let reason: string | undefined;
      if (!after.approverRoles.includes(a.role))
        reason = `${a.role} no longer approves this gate`;
      else if (evidenceChanged)
        reason = 'the evidence the gate requires changes';
      out.approvals.push({
        gateId: gate.id,
        ...a,
        outcome: reason ? 'goes-stale' : 'stays-valid',
        ...(reason ? { reason } : {}),
      });
    }
  }
  return out;
}

/** Whether a record's preview shows anything at all. */
export function previewChangesSomething(p: IntegrationPolicyPreview) {
  return (
    p.added.length > 0 ||
    p.removed.length > 0 ||
    p.changed.length > 0 ||
    p.approvals.some(a => a.outcome === 'goes-stale')
  );
}

export function addToTotals(
  totals: PolicyPreviewTotals,
  p: IntegrationPolicyPreview,
): void {
  totals.integrations += 1;
  if (p.added.length || p.removed.length || p.changed.length)
    totals.affected += 1;
  totals.gatesAdded += p.added.length;
  totals.gatesRemoved += p.removed.length;
  totals.gatesChanged += p.changed.length;
  totals.gatesReopened += p.changed.filter(c => c.reopens).length;
  for (const a of p.approvals) {
    if (a.outcome === 'stays-valid') totals.approvalsStayValid += 1;
    else totals.approvalsGoStale += 1;
  }
}

export const emptyPreviewTotals = (): PolicyPreviewTotals => ({
  integrations: 0,
  affected: 0,
  gatesAdded: 0,
  gatesRemoved: 0,
  gatesChanged: 0,
  gatesReopened: 0,
  approvalsStayValid: 0,
  approvalsGoStale: 0,
});

/** The policy's own differences: gate ids added, removed and redefined. */
export function diffPolicyGates(
  current: GovernancePolicy,
  candidate: GovernancePolicy,
) {
  const now = new Map(current.gates.map(g => [g.id, g]));
  const next = new Map(candidate.gates.map(g => [g.id, g]));
  return {
    added: [...next.keys()].filter(id => !now.has(id)),
    removed: [...now.keys()].filter(id => !next.has(id)),
    // Canonical text: the same gate written with its keys in another order is unchanged.
    changed: [...next.keys()].filter(
      id =>
        now.has(id) &&
        canonicalJson(now.get(id)) !== canonicalJson(next.get(id)),
    ),
  };
}

/** The answer of `POST /policy/preview`. */
export interface PolicyPreviewResponse {
  currentHash: string;
  candidateHash: string;
  /** Whether the candidate is the running policy (same canonical hash). */
  identical: boolean;
  policyChanges: { added: string[]; removed: string[]; changed: string[] };
  totals: PolicyPreviewTotals;
  /** Integrations the candidate changes something for (all of them with `includeUnchanged`). */
  integrations: IntegrationPolicyPreview[];
}
