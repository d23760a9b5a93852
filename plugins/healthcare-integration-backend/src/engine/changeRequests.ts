import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CHANGE_TYPE_LABELS,
  labelOf,
  INITIAL_CHANGE_STATUS,
  changeMoveRefusal,
  deriveGates,
  moveChangeRequestSchema,
  openChangeRefusal,
  openChangeRequestSchema,
  updateChangeRequestSchema,
  type ChangeClass,
  type ChangeStatus,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { ChangeRequestRow } from '../database/rows';
import { assertAllowed, parseInput } from '../lib/errors';
import {
  findGate,
  profileOf,
  reopenGate,
  setStage,
  upsertTriggeredGate,
} from './gateOps';
import { MutationContext, mutateRecord } from './MutationContext';
import { normalizeRef } from '../lib/refs';
import { versionOnImplement } from './operatingModelStore';
import type { Actor, EngineDeps } from './types';

/** Change requests: opened on live records, moved through the flow the shared rules define. */

export async function openChangeRequest(
  deps: EngineDeps,
  entityRef: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(openChangeRequestSchema, input);
  const typePolicy = deps.policy.policy.changeTypes[body.type];
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const stage = ctx.loaded.record.stage as Stage;
    const open = await ctx
      .tx<ChangeRequestRow>('hip_change_requests')
      .where({ entity_ref: entityRef })
      .whereNotIn('status', ['closed', 'cancelled'])
      .whereNot('change_class', 'standard')
      .first('id');
    assertAllowed(
      openChangeRefusal({
        stage,
        changeClass: body.changeClass,
        changeType: body.type,
        typePolicy,
        openChangeId: open?.id,
      }),
    );
    const id = randomUUID();
    const standard = body.changeClass === 'standard';
    const reopen = standard
      ? []
      : typePolicy.reopens.filter(g =>
          ctx.loaded.gates.some(r => r.gate_id === g),
        );
    const row: ChangeRequestRow = {
      id,
      entity_ref: entityRef,
      type: body.type,
      change_class: body.changeClass,
      status: INITIAL_CHANGE_STATUS[body.changeClass],
      summary: body.summary,
      impact_assessment: body.impactAssessment,
      notify: JSON.stringify(body.notify.map(r => normalizeRef(r, 'user'))),
      reopened_gates: JSON.stringify(reopen),
      requested_by: actor.ref,
      requested_at: ctx.now,
      authorised_by: standard ? 'policy:standard-change' : null,
      authorised_at: standard ? ctx.now : null,
      locked: standard,
      closed_at: null,
    };
    await ctx.tx('hip_change_requests').insert(row);
    ctx.audit('change.opened', id, {
      type: row.type,
      changeClass: row.change_class,
      summary: row.summary,
      impactAssessment: row.impact_assessment,
      notify: JSON.parse(row.notify),
      reopens: reopen,
    });
    if (standard) {
      // A standard change is authorised by policy and implemented from the start.
      await versionOnImplement(ctx, id);
      return;
    }
    for (const gateId of reopen) {
      await reopenGate(
        ctx,
        findGate(ctx.loaded, gateId),
        `a change request (${labelOf(
          CHANGE_TYPE_LABELS,
          body.type,
        )}) was opened: “${body.summary}”`,
        actor.ref,
      );
    }
    for (const g of deriveGates(
      deps.policy.policy,
      profileOf(ctx.loaded),
      'change-request',
    )) {
      const approverRoles =
        body.changeClass === 'emergency'
          ? g.approverRoles.slice(0, 1)
          : g.approverRoles;
      await upsertTriggeredGate(
        ctx,
        { ...g, approverRoles },
        actor.ref,
        `change request ${id}`,
      );
    }
    if (stage === 'live') await setStage(ctx, 'change');
  });
}

async function findChangeRequest(ctx: MutationContext, changeId: string) {
  const cr = await ctx
    .tx<ChangeRequestRow>('hip_change_requests')
    .where({ id: changeId, entity_ref: ctx.entityRef })
    .first();
  if (!cr)
    throw new NotFoundError(
      `No change request ${changeId} on ${ctx.entityRef}`,
    );
  return cr;
}

export async function updateChangeRequest(
  deps: EngineDeps,
  entityRef: string,
  changeId: string,
  input: unknown,
  actor: Actor,
) {
  const body = parseInput(updateChangeRequestSchema, input);
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const cr = await findChangeRequest(ctx, changeId);
    if (cr.locked) {
      throw new ConflictError(
        `Change request ${changeId} was authorised by ${cr.authorised_by} and is locked (rule: authorised-change-locked)`,
      );
    }
    const update: Partial<ChangeRequestRow> = {};
    if (body.summary !== undefined && body.summary !== cr.summary)
      update.summary = body.summary;
    if (
      body.impactAssessment !== undefined &&
      body.impactAssessment !== cr.impact_assessment
    ) {
      update.impact_assessment = body.impactAssessment;
    }
    if (body.notify) {
      const notify = JSON.stringify(
        body.notify.map(r => normalizeRef(r, 'user')),
      );
      if (notify !== cr.notify) update.notify = notify;
    }
    // Nothing differs: nothing is written and nothing is audited.
    if (!Object.keys(update).length) return;
    await ctx.tx('hip_change_requests').where({ id: changeId }).update(update);
    ctx.audit('change.updated', changeId, body);
  });
}

export async function moveChangeRequest(
  deps: EngineDeps,
  entityRef: string,
  changeId: string,
  input: unknown,
  actor: Actor,
) {
  const { to } = parseInput(moveChangeRequestSchema, input);
  const specialGates = deps.policy.policy.specialGates;
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const cr = await findChangeRequest(ctx, changeId);
    assertAllowed(
      changeMoveRefusal({
        change: {
          id: cr.id,
          changeClass: cr.change_class as ChangeClass,
          status: cr.status as ChangeStatus,
          reopenedGates: JSON.parse(cr.reopened_gates),
        },
        to,
        gates: ctx.loaded.gates.map(g => ({ id: g.gate_id, status: g.status })),
        changeControlGateId: specialGates.changeControl,
      }),
    );
    const update: Partial<ChangeRequestRow> = { status: to };
    if (to === 'implement' && cr.change_class !== 'standard') {
      const approval = ctx.loaded.decisions
        .filter(
          d =>
            d.gate_id === specialGates.changeControl &&
            !d.stale &&
            d.decision === 'approve',
        )
        .pop();
      update.locked = true;
      update.authorised_by = approval?.decided_by ?? 'policy';
      update.authorised_at = ctx.now;
      if (cr.change_class === 'emergency') {
        for (const g of deriveGates(
          deps.policy.policy,
          profileOf(ctx.loaded),
          'emergency-change',
        )) {
          await upsertTriggeredGate(
            ctx,
            g,
            cr.requested_by,
            `emergency change ${changeId}`,
          );
        }
      }
    }
    if (to === 'closed') update.closed_at = ctx.now;
    await ctx.tx('hip_change_requests').where({ id: changeId }).update(update);
    ctx.audit('change.moved', changeId, {
      from: cr.status,
      to,
      authorisedBy: update.authorised_by,
    });
    if (to === 'implement') await versionOnImplement(ctx, changeId);
    if (to === 'closed' && ctx.loaded.record.stage === 'change')
      await setStage(ctx, 'live');
  });
}
