import { ConflictError } from '@backstage/errors';
import {
  confirmWaiverSchema,
  decideGateSchema,
  gateBlockers,
  gateDecision,
  roundOutcome,
  waiveGateSchema,
  waiverConfirmationRefusal,
  waiverExpiryRefusal,
  waiverRefusal,
  type GateWaiver,
  type Role,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { DecisionRow, GateRow } from '../database/rows';
import {
  assertAllowed,
  isUniqueViolation,
  parseInput,
  refusalError,
} from '../lib/errors';
import {
  coveredDigest,
  evidenceFacts,
  findGate,
  gateFacts,
  parseList,
  reopenGate,
  setGateStatus,
  testFacts,
} from './gateOps';
import { MutationContext, mutateRecord } from './MutationContext';
import type { Actor, EngineDeps } from './types';

/** Gate decisions and waivers, each checked by the shared segregation-of-duties rules. */

async function heldRoles(ctx: MutationContext): Promise<Role[]> {
  if (!ctx.actor.isUser) return [];
  return ctx.deps.roles.rolesOf(
    ctx.actor.ref,
    JSON.parse(ctx.loaded.record.roles),
  );
}

function liveRound(ctx: MutationContext, gate: GateRow) {
  return ctx.loaded.decisions.filter(
    d =>
      d.gate_id === gate.gate_id &&
      Number(d.round) === Number(gate.round) &&
      !d.stale,
  );
}

export async function decideGate(
  deps: EngineDeps,
  entityRef: string,
  gateId: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(decideGateSchema, input);
  // Looked up before the transaction, and only when a reopen reason will name the person.
  const actorName =
    body.decision === 'request-changes'
      ? await deps.roles.names.nameOf(actor.ref)
      : '';
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const gate = findGate(ctx.loaded, gateId);
    const round = liveRound(ctx, gate);
    const outcome = gateDecision({
      gate: {
        id: gateId,
        status: gate.status,
        approverRoles: parseList(gate.approver_roles) as Role[],
        requestedBy: gate.requested_by,
      },
      recordRequester: ctx.loaded.record.requested_by,
      roundDecisions: round.map(d => ({
        role: d.role,
        decidedBy: d.decided_by,
      })),
      actor: {
        ref: actor.ref,
        isUser: actor.isUser,
        roles: await heldRoles(ctx),
      },
      holders: JSON.parse(ctx.loaded.record.roles) as RoleHolders,
    });
    if ('refusal' in outcome) throw refusalError(outcome.refusal);
    const { role } = outcome;
    if (body.decision === 'approve') {
      const facts = ctx.loaded.gates.map(gateFacts);
      const blockers = gateBlockers(
        gateFacts(gate),
        facts,
        ctx.loaded.evidence.map(evidenceFacts),
        ctx.loaded.tests.map(testFacts),
        new Date(ctx.now),
      );
      for (const check of deps.approvalChecks.get(gateId) ?? [])
        blockers.push(...(await check.blockers({ entityRef, db: ctx.tx })));
      if (blockers.length) {
        throw new ConflictError(
          `Gate ${gateId} cannot be approved yet: ${blockers.join(
            '; ',
          )} (rule: approval-needs-what-the-gate-covers)`,
        );
      }
    }
    const decision: DecisionRow = {
      entity_ref: entityRef,
      gate_id: gateId,
      round: Number(gate.round),
      role,
      decision: body.decision,
      comment: body.comment,
      decided_by: actor.ref,
      decided_at: ctx.now,
      profile_revision: Number(ctx.loaded.record.profile_revision),
      evidence_digest: coveredDigest(
        gate,
        ctx.loaded.evidence,
        ctx.loaded.tests,
      ),
      stale: false,
    };
    try {
      await ctx.tx('hip_gate_decisions').insert(decision);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(
          `Gate ${gateId} already has a decision for ${role}`,
        );
      throw e;
    }
    ctx.loaded.decisions.push(decision);
    ctx.audit(`gate.${body.decision}`, gateId, {
      role,
      comment: body.comment,
      round: decision.round,
      profileRevision: decision.profile_revision,
      evidenceDigest: decision.evidence_digest,
    });
    if (body.decision === 'request-changes') {
      await reopenGate(
        ctx,
        gate,
        `changes requested by ${actorName}: ${body.comment}`,
      );
      return;
    }
    await setGateStatus(
      ctx,
      gate,
      roundOutcome(parseList(gate.approver_roles), [...round, decision]),
    );
  });
}

function gatePolicyOf(deps: EngineDeps, gateId: string) {
  return deps.policy.policy.gates.find(g => g.id === gateId);
}

/**
 * Waives a gate with a justification and an expiry. Where the policy names a co-approver
 * role, the waiver waits for its holder's confirmation before the gate counts as closed.
 */
export async function waiveGate(
  deps: EngineDeps,
  entityRef: string,
  gateId: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(waiveGateSchema, input);
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const gate = findGate(ctx.loaded, gateId);
    const policy = gatePolicyOf(deps, gateId);
    const current: GateWaiver | null = gate.waiver
      ? JSON.parse(gate.waiver)
      : null;
    assertAllowed(
      waiverRefusal({
        gate: {
          id: gateId,
          status: gate.status,
          requestedBy: gate.requested_by,
          waivable: policy?.waivable,
          waiverCoApproverRole: policy?.waiverCoApproverRole,
          waiver: current,
        },
        recordRequester: ctx.loaded.record.requested_by,
        waiverRole: deps.policy.policy.waiverRole,
        actor: {
          ref: actor.ref,
          isUser: actor.isUser,
          roles: await heldRoles(ctx),
        },
      }),
    );
    assertAllowed(
      waiverExpiryRefusal(
        body.expiresAt,
        new Date(ctx.now),
        deps.policy.policy.waiverMaxDays,
      ),
    );
    const expiresAt = new Date(body.expiresAt).toISOString();
    const waiver: GateWaiver = {
      by: actor.ref,
      at: ctx.now,
      justification: body.justification,
      expiresAt,
      ...(policy?.waiverCoApproverRole
        ? { pendingCoApproval: policy.waiverCoApproverRole }
        : {}),
    };
    await ctx
      .tx('hip_gates')
      .where({ entity_ref: entityRef, gate_id: gateId })
      .update({ waiver: JSON.stringify(waiver) });
    gate.waiver = JSON.stringify(waiver);
    if (waiver.pendingCoApproval) {
      ctx.audit('gate.waiver-requested', gateId, {
        justification: body.justification,
        expiresAt,
        awaits: waiver.pendingCoApproval,
      });
      return;
    }
    await putWaiverInForce(ctx, gate, waiver);
  });
}

export async function confirmWaiver(
  deps: EngineDeps,
  entityRef: string,
  gateId: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(confirmWaiverSchema, input);
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const gate = findGate(ctx.loaded, gateId);
    const waiver: GateWaiver | null = gate.waiver
      ? JSON.parse(gate.waiver)
      : null;
    assertAllowed(
      waiverConfirmationRefusal({
        gate: { id: gateId, waiver },
        recordRequester: ctx.loaded.record.requested_by,
        actor: {
          ref: actor.ref,
          isUser: actor.isUser,
          roles: await heldRoles(ctx),
        },
      }),
    );
    const confirmed: GateWaiver = {
      ...waiver!,
      pendingCoApproval: undefined,
      coApprovedBy: actor.ref,
      coApprovedAt: ctx.now,
    };
    delete confirmed.pendingCoApproval;
    ctx.audit('gate.waiver-confirmed', gateId, {
      comment: body.comment,
      role: waiver!.pendingCoApproval,
    });
    await ctx
      .tx('hip_gates')
      .where({ entity_ref: entityRef, gate_id: gateId })
      .update({ waiver: JSON.stringify(confirmed) });
    gate.waiver = JSON.stringify(confirmed);
    await putWaiverInForce(ctx, gate, confirmed);
  });
}

async function putWaiverInForce(
  ctx: MutationContext,
  gate: GateRow,
  waiver: GateWaiver,
) {
  await ctx
    .tx('hip_gates')
    .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
    .update({ waiver_expires_at: waiver.expiresAt ?? null });
  gate.waiver_expires_at = waiver.expiresAt ?? null;
  await setGateStatus(ctx, gate, 'waived');
  ctx.audit('gate.waived', gate.gate_id, {
    justification: waiver.justification,
    expiresAt: waiver.expiresAt,
    coApprovedBy: waiver.coApprovedBy,
  });
}

/** Reopens waived gates whose waiver has expired; run on a schedule. Returns how many. */
export async function reopenExpiredWaivers(deps: EngineDeps): Promise<number> {
  const now = deps.clock().toISOString();
  const due = await deps
    .db<GateRow>('hip_gates')
    .where('status', 'waived')
    .whereNotNull('waiver_expires_at')
    .where('waiver_expires_at', '<=', now)
    .distinct('entity_ref');
  let reopened = 0;
  for (const { entity_ref } of due) {
    reopened += await mutateRecord(
      deps,
      entity_ref,
      { ref: 'system:waiver-expiry', isUser: false },
      async ctx => {
        let count = 0;
        for (const gate of ctx.loaded.gates) {
          if (
            gate.status !== 'waived' ||
            !gate.waiver_expires_at ||
            gate.waiver_expires_at > ctx.now
          )
            continue;
          ctx.audit('gate.waiver-expired', gate.gate_id, {
            expiresAt: gate.waiver_expires_at,
          });
          await reopenGate(
            ctx,
            gate,
            `the waiver expired on ${String(gate.waiver_expires_at).slice(
              0,
              10,
            )}`,
          );
          count++;
        }
        return count;
      },
    );
  }
  return reopened;
}
