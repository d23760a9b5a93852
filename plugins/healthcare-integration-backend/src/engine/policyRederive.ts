import {
  type GovernancePolicy,
  type PreviewGateInput,
  findGatePolicy,
  previewRecord,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { DecisionRow, GateRow } from '../database/rows';
import { type MutationContext, mutateRecord } from './MutationContext';
import {
  addDays,
  insertGate,
  newGateRow,
  parseList,
  profileOf,
  reopenGate,
  setGateStatus,
} from './gateOps';
import type { EngineDeps } from './types';

/** Who re-derives gates when the running policy changes (it is no person's decision). */
export const POLICY_VERSION_ACTOR = {
  ref: 'system:policy-version',
  isUser: false,
} as const;

/** A gate as the policy preview compares it, with the approvals of its current round that count. */
export function toPreviewGate(
  g: Pick<
    GateRow,
    | 'gate_id'
    | 'title'
    | 'status'
    | 'stage'
    | 'approver_roles'
    | 'evidence_kinds'
    | 'requires'
    | 'requires_test_matrix'
    | 'sla_days'
  >,
  approvals: Array<{ role: string; decidedBy: string }>,
): PreviewGateInput {
  return {
    id: g.gate_id,
    title: g.title,
    status: g.status,
    stage: g.stage,
    approverRoles: parseList(g.approver_roles || '[]'),
    evidenceKinds: parseList(g.evidence_kinds || '[]'),
    requires: parseList(g.requires || '[]'),
    requiresTestMatrix: Boolean(g.requires_test_matrix),
    slaDays: Number(g.sla_days),
    approvals,
  };
}

const liveApprovals = (gate: GateRow, decisions: DecisionRow[]) =>
  decisions
    .filter(
      d =>
        d.gate_id === gate.gate_id &&
        Number(d.round) === Number(gate.round) &&
        d.decision === 'approve' &&
        !d.stale,
    )
    .map(d => ({ role: d.role, decidedBy: d.decided_by }));

/** Writes the running policy's definition of a gate onto the record's gate. */
async function redefineGate(ctx: MutationContext, gate: GateRow) {
  const gp = findGatePolicy(ctx.deps.policy.policy, gate.gate_id)!;
  const update = {
    title: gp.title,
    description: gp.description ?? '',
    stage: gp.stage,
    approver_roles: JSON.stringify(gp.approverRoles),
    evidence_kinds: JSON.stringify(gp.evidenceKinds ?? []),
    requires: JSON.stringify(gp.requires ?? []),
    requires_test_matrix: gp.requiresTestMatrix ?? false,
    sla_days: gp.slaDays,
    due_at: addDays(gate.opened_at, gp.slaDays),
  };
  const where = { entity_ref: gate.entity_ref, gate_id: gate.gate_id };
  await ctx.tx('hip_gates').where(where).update(update);
  await ctx.tx('hip_gate_roles').where(where).delete();
  await ctx
    .tx('hip_gate_roles')
    .insert(gp.approverRoles.map(role => ({ ...where, role })));
  Object.assign(gate, update);
}

/**
 * Brings one record's gates in line with the running policy, exactly as the policy preview
 * said it would (`previewRecord` decides, this applies): gates added, gates no longer required,
 * definitions rewritten, and a gate reopened wherever an approval on it goes stale or the new
 * definition asks a closed gate for more. One `policy.applied` event names the version.
 * Returns whether the record was on another policy (and so was re-derived).
 */
export async function rederiveUnderRunningPolicy(
  ctx: MutationContext,
  recorded: ReadonlyMap<string, GovernancePolicy>,
  version: number,
): Promise<boolean> {
  const { record } = ctx.loaded;
  const running = ctx.deps.policy;
  if (record.policy_hash === running.hash || record.stage === 'retired')
    return false;
  // The policy the record was derived under, if recorded (it tells which gates were intake gates).
  const previous = recorded.get(record.policy_hash);
  const preview = previewRecord(previous ?? running.policy, running.policy, {
    entityRef: record.entity_ref,
    title: record.title,
    stage: record.stage,
    profile: profileOf(ctx.loaded),
    gates: ctx.loaded.gates.map(g =>
      toPreviewGate(g, liveApprovals(g, ctx.loaded.decisions)),
    ),
  });
  const reason = `policy version ${version}`;
  const gateOf = (id: string) => ctx.loaded.gates.find(g => g.gate_id === id);
  for (const added of preview.added) {
    const held = gateOf(added.gateId);
    if (held) {
      // Held as not required: it comes back under its new definition.
      await redefineGate(ctx, held);
      await reopenGate(ctx, held, `${reason} requires this gate again`);
      continue;
    }
    const row = newGateRow(
      ctx.entityRef,
      findGatePolicy(running.policy, added.gateId)!,
      ctx.now,
      record.requested_by,
    );
    await insertGate(ctx.tx, row);
    ctx.loaded.gates.push(row);
    ctx.audit('gate.added', added.gateId, { reason });
  }
  for (const removed of preview.removed) {
    await setGateStatus(ctx, gateOf(removed.gateId)!, 'not-required');
  }
  const staleOn = new Set(
    preview.approvals
      .filter(a => a.outcome === 'goes-stale')
      .map(a => a.gateId),
  );
  for (const change of preview.changed) {
    const gate = gateOf(change.gateId)!;
    await redefineGate(ctx, gate);
    if (change.reopens || staleOn.has(change.gateId)) {
      await reopenGate(
        ctx,
        gate,
        `${reason} changed the gate's ${change.fields.join(', ')}`,
      );
    }
  }
  await ctx
    .tx('hip_integrations')
    .where({ entity_ref: ctx.entityRef })
    .update({ policy_hash: running.hash });
  ctx.audit('policy.applied', ctx.entityRef, {
    version,
    policyHash: running.hash,
    previousPolicyHash: record.policy_hash,
    gatesAdded: preview.added.map(a => a.gateId),
    gatesNoLongerRequired: preview.removed.map(r => r.gateId),
    gatesRedefined: preview.changed.map(c => ({
      gateId: c.gateId,
      fields: c.fields,
    })),
    approvalsStale: preview.approvals.filter(a => a.outcome === 'goes-stale')
      .length,
  });
  record.policy_hash = running.hash;
  return true;
}

/**
 * Re-derives every record still on another policy than the running one, each in its own
 * mutation under its row lock; a record another instance already re-derived is skipped, so
 * running this twice, or on two instances, applies the version once.
 */
export async function rederiveRecordsUnderRunningPolicy(
  deps: EngineDeps,
  recorded: ReadonlyMap<string, GovernancePolicy>,
  version: number,
): Promise<number> {
  const pending = await deps
    .db('hip_integrations')
    .whereNot('policy_hash', deps.policy.hash)
    .whereNot('stage', 'retired')
    .orderBy('entity_ref')
    .select('entity_ref');
  let rederived = 0;
  for (const { entity_ref } of pending) {
    if (
      await mutateRecord(deps, entity_ref, POLICY_VERSION_ACTOR, ctx =>
        rederiveUnderRunningPolicy(ctx, recorded, version),
      )
    )
      rederived++;
  }
  return rederived;
}
