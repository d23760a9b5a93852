import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  changedFieldsInWords,
  decideRecordChangeSchema,
  recordChangeDecision,
  recordChangeWithdrawalRefusal,
  type IntegrationProfile,
  type Role,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type {
  RecordChangeDecisionRow,
  RecordChangeRow,
} from '../database/rows';
import {
  assertAllowed,
  isUniqueViolation,
  parseInput,
  refusalError,
} from '../lib/errors';
import {
  rederiveGates,
  reopenStaleApprovals,
  writeRoleHolders,
} from './gateOps';
import { MutationContext, mutateRecord } from './MutationContext';
import { validateRoleHolders } from './roleValidation';
import type { Actor, EngineDeps } from './types';

/**
 * Governed record changes: a proposal to change role holders or the risk profile takes effect
 * only when every role the policy names (as held before the change) approves it. The proposer,
 * the requester and anyone the change would give a role cannot approve it.
 */

async function findChange(ctx: MutationContext, changeId: string) {
  const row = await ctx
    .tx<RecordChangeRow>('hip_record_changes')
    .where({ id: changeId, entity_ref: ctx.entityRef })
    .first();
  if (!row)
    throw new NotFoundError(`No record change ${changeId} on ${ctx.entityRef}`);
  const decisions = await ctx
    .tx<RecordChangeDecisionRow>('hip_record_change_decisions')
    .where({ change_id: changeId })
    .orderBy('id');
  return { row, decisions };
}

export async function decideRecordChange(
  deps: EngineDeps,
  entityRef: string,
  changeId: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(decideRecordChangeSchema, input);
  await mutateRecord(deps, entityRef, actor, async ctx => {
    // The holders as locked with the record: a change applied a moment ago already governs.
    const holders = JSON.parse(ctx.loaded.record.roles) as RoleHolders;
    const [heldRoles, identity] = await Promise.all([
      actor.isUser
        ? deps.roles.rolesOf(actor.ref, holders)
        : Promise.resolve([]),
      actor.isUser
        ? deps.roles.identityRefs(actor.ref)
        : Promise.resolve(new Set([actor.ref])),
    ]);
    const { row, decisions } = await findChange(ctx, changeId);
    const after = JSON.parse(row.after) as { roles?: Partial<RoleHolders> };
    const outcome = recordChangeDecision({
      change: {
        id: row.id,
        status: row.status,
        proposedBy: row.proposed_by,
        approverRoles: JSON.parse(row.approver_roles),
        decisions: decisions.map(d => ({
          role: d.role,
          decidedBy: d.decided_by,
        })),
        newHolders: Object.values(after.roles ?? {}) as string[],
      },
      recordRequester: ctx.loaded.record.requested_by,
      actor: { ref: actor.ref, isUser: actor.isUser, roles: heldRoles },
      actorIdentity: [...identity],
    });
    if ('refusal' in outcome) throw refusalError(outcome.refusal);
    const decision: RecordChangeDecisionRow = {
      change_id: changeId,
      role: outcome.role,
      decision: body.decision,
      comment: body.comment,
      decided_by: actor.ref,
      decided_at: ctx.now,
    };
    try {
      await ctx.tx('hip_record_change_decisions').insert(decision);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(
          `Record change ${changeId} already has that decision`,
        );
      throw e;
    }
    ctx.audit(`record-change.${body.decision}`, changeId, {
      role: outcome.role,
      comment: body.comment,
    });
    if (body.decision === 'reject') {
      await close(ctx, changeId, 'rejected');
      return;
    }
    const approved = new Set([
      ...decisions.filter(d => d.decision === 'approve').map(d => d.role),
      outcome.role,
    ]);
    const needed = JSON.parse(row.approver_roles) as Role[];
    if (needed.every(r => approved.has(r))) await applyChange(deps, ctx, row);
  });
}

export async function withdrawRecordChange(
  deps: EngineDeps,
  entityRef: string,
  changeId: string,
  actor: Actor,
) {
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const { row } = await findChange(ctx, changeId);
    assertAllowed(
      recordChangeWithdrawalRefusal({
        change: { id: row.id, status: row.status, proposedBy: row.proposed_by },
        actor,
      }),
    );
    await close(ctx, changeId, 'withdrawn');
  });
}

async function close(
  ctx: MutationContext,
  changeId: string,
  status: 'rejected' | 'withdrawn' | 'applied',
) {
  await ctx
    .tx('hip_record_changes')
    .where({ id: changeId })
    .update({ status, closed_at: ctx.now });
  ctx.audit(`record-change.${status}`, changeId, {});
}

/** Applies an approved change: new values, a new revision, gates re-derived, stale approvals reopened. */
async function applyChange(
  deps: EngineDeps,
  ctx: MutationContext,
  row: RecordChangeRow,
) {
  const { record } = ctx.loaded;
  const after = JSON.parse(row.after) as {
    title?: string;
    profile?: Partial<IntegrationProfile>;
    roles?: Partial<RoleHolders>;
  };
  const profile = {
    ...(JSON.parse(record.profile) as IntegrationProfile),
    ...(after.profile ?? {}),
  };
  const roles = {
    ...(JSON.parse(record.roles) as RoleHolders),
    ...(after.roles ?? {}),
  };
  // The catalog may have changed since the proposal: the holders must still be valid.
  if (after.roles) await validateRoleHolders(deps, roles, record.requested_by);
  const revision = Number(record.profile_revision) + 1;
  const title = after.title ?? record.title;
  await ctx
    .tx('hip_integrations')
    .where({ entity_ref: ctx.entityRef })
    .update({
      title,
      profile: JSON.stringify(profile),
      roles: JSON.stringify(roles),
      phi: profile.phi,
      profile_revision: revision,
    });
  Object.assign(record, {
    title,
    profile: JSON.stringify(profile),
    roles: JSON.stringify(roles),
    phi: profile.phi,
    profile_revision: revision,
  });
  if (after.roles) {
    await writeRoleHolders(ctx.tx, ctx.entityRef, roles);
    if (after.roles.testOwner) {
      await ctx
        .tx('hip_tests')
        .where({ entity_ref: ctx.entityRef })
        .update({ owner: roles.testOwner });
    }
  }
  await close(ctx, row.id, 'applied');
  ctx.audit('integration.updated', ctx.entityRef, {
    recordChange: row.id,
    before: JSON.parse(row.before),
    after,
    profileRevision: revision,
  });
  await rederiveGates(ctx, profile);
  await reopenStaleApprovals(
    ctx,
    `an approved record change was applied (${changedFieldsInWords(after)})`,
  );
}
