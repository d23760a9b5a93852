import { randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  changedFieldsInWords,
  TEST_SCENARIOS,
  createIntegrationSchema,
  deriveGates,
  diffRecordUpdate,
  profileSchema,
  updateIntegrationSchema,
  type AuditEvent,
  type IntegrationProfile,
  type RecordUpdateDiff,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { AuditLog } from '../database/AuditLog';
import type { IntegrationRow, RecordChangeRow } from '../database/rows';
import { isUniqueViolation, parseInput } from '../lib/errors';
import {
  insertGate,
  newGateRow,
  reopenStaleApprovals,
  refreshSummary,
  writeRoleHolders,
} from './gateOps';
import { loadRecord, mutateRecord } from './MutationContext';
import { recordOperatingModelVersion } from './operatingModelStore';
import { normalizeProfile, normalizeRoles } from '../lib/refs';
import { validateRoleHolders } from './roleValidation';
import type { Actor, EngineDeps } from './types';

/** Intake: creates the governed record; role holders are checked against catalog and policy. */
export async function createRecord(
  deps: EngineDeps,
  input: unknown,
  actor: Actor,
): Promise<string> {
  const body = parseInput(createIntegrationSchema, input);
  const entityRef = stringifyEntityRef({
    kind: 'component',
    namespace: body.namespace,
    name: body.name,
  });
  const profile = normalizeProfile(body.profile as IntegrationProfile);
  const roles = normalizeRoles(body.roles as RoleHolders);
  if (
    await deps
      .db('hip_integrations')
      .where({ entity_ref: entityRef })
      .first('entity_ref')
  ) {
    throw new ConflictError(
      `Integration ${entityRef} already has a governance record`,
    );
  }
  await validateRoleHolders(deps, roles, actor.ref);
  const now = deps.clock().toISOString();
  const gatePolicies = deriveGates(deps.policy.policy, profile);
  const head = AuditLog.genesis(entityRef);
  const row: IntegrationRow = {
    entity_ref: entityRef,
    namespace: body.namespace,
    name: body.name,
    title: body.title,
    stage: 'intake',
    profile: JSON.stringify(profile),
    roles: JSON.stringify(roles),
    phi: profile.phi,
    requested_by: actor.ref,
    profile_revision: 1,
    policy_hash: deps.policy.hash,
    gates_required: 0,
    gates_closed: 0,
    earliest_due_at: null,
    audit_seq: 0,
    audit_head: head.hash,
    created_at: now,
    updated_at: now,
  };
  let events: AuditEvent[] = [];
  try {
    await deps.db.transaction(async tx => {
      await tx('hip_integrations').insert(row);
      await writeRoleHolders(tx, entityRef, roles);
      const gateRows = gatePolicies.map(g =>
        newGateRow(entityRef, g, now, actor.ref),
      );
      for (const g of gateRows) await insertGate(tx, g);
      await tx('hip_tests').insert(
        TEST_SCENARIOS.map(s => ({
          entity_ref: entityRef,
          scenario: s,
          result: 'not-run',
          owner: roles.testOwner,
        })),
      );
      await refreshSummary(tx, entityRef, gateRows);
      const model = await recordOperatingModelVersion(
        deps,
        tx,
        await loadRecord(deps, tx, entityRef),
        'intake',
        actor.ref,
        now,
      );
      events = await deps.auditLog.append(
        tx,
        head,
        [
          {
            actor: actor.ref,
            action: 'integration.created',
            subject: entityRef,
            payload: {
              title: body.title,
              profile,
              roles,
              policyHash: deps.policy.hash,
              gates: gatePolicies.map(g => g.id),
            } as Record<string, unknown>,
          },
          ...(model ? [model] : []),
        ],
        now,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new ConflictError(
        `Integration ${entityRef} already has a governance record`,
      );
    }
    throw e;
  }
  deps.onAudit(events);
  return entityRef;
}

/**
 * Edits a record. The title and descriptive profile fields change at once (approvals bound to
 * the old revision go stale). Role holders and governed profile fields (what the policy's
 * predicates read) become a proposed record change that takes effect only when approved.
 * An edit that changes nothing changes nothing.
 */
export async function updateRecord(
  deps: EngineDeps,
  entityRef: string,
  input: unknown,
  actor: Actor,
): Promise<{ proposed?: string }> {
  const body = parseInput(updateIntegrationSchema, input);
  let proposed: string | undefined;
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const { record } = ctx.loaded;
    if (record.stage === 'retired')
      throw new ConflictError('A retired integration cannot change');
    const current = {
      title: record.title,
      profile: JSON.parse(record.profile) as IntegrationProfile,
      roles: JSON.parse(record.roles) as RoleHolders,
    };
    const diff = diffRecordUpdate(current, {
      title: body.title,
      profile: body.profile
        ? normalizeProfile(body.profile as Partial<IntegrationProfile>)
        : undefined,
      roles: body.roles
        ? normalizeRoles(body.roles as Partial<RoleHolders>)
        : undefined,
    });
    if (diff.changesNothing) return;
    // The profile as it would be once everything proposed applied must itself be valid.
    const merged = profileSchema.safeParse({
      ...current.profile,
      ...diff.profile.after,
      ...(diff.governed.after.profile ?? {}),
    });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      throw new InputError(
        `Invalid profile.${issue.path.join('.')}: ${issue.message}`,
      );
    }
    if (merged.data.externalVendor && !merged.data.vendorName) {
      throw new InputError(
        'Invalid profile.vendorName: is required when externalVendor is true',
      );
    }
    if (diff.needsApproval) {
      const open = await ctx
        .tx<RecordChangeRow>('hip_record_changes')
        .where({ entity_ref: entityRef, status: 'pending' })
        .first('id');
      if (open) {
        throw new ConflictError(
          `Record change ${open.id} is still pending on ${entityRef}; decide or withdraw it first (rule: one-pending-record-change)`,
        );
      }
      const roles = { ...current.roles, ...(diff.governed.after.roles ?? {}) };
      if (diff.governed.after.roles)
        await validateRoleHolders(deps, roles, record.requested_by);
      proposed = randomUUID();
      const proposal = wholeProposal(diff);
      const approverRoles = deps.policy.policy.recordChanges.approverRoles;
      await ctx.tx('hip_record_changes').insert({
        id: proposed,
        entity_ref: entityRef,
        status: 'pending',
        proposed_by: actor.ref,
        proposed_at: ctx.now,
        before: JSON.stringify(proposal.before),
        after: JSON.stringify(proposal.after),
        approver_roles: JSON.stringify(approverRoles),
        closed_at: null,
      } satisfies RecordChangeRow);
      ctx.audit('record-change.proposed', proposed, {
        ...proposal,
        approverRoles,
      });
      return;
    }
    const profile = { ...current.profile, ...diff.profile.after };
    const changedProfile = Object.keys(diff.profile.after).length > 0;
    const revision = Number(record.profile_revision) + (changedProfile ? 1 : 0);
    const title = diff.title?.after ?? record.title;
    await ctx
      .tx('hip_integrations')
      .where({ entity_ref: entityRef })
      .update({
        title,
        profile: JSON.stringify(profile),
        profile_revision: revision,
      });
    record.title = title;
    record.profile = JSON.stringify(profile);
    record.profile_revision = revision;
    ctx.audit('integration.updated', entityRef, {
      title: diff.title,
      profile: changedProfile ? diff.profile : undefined,
      profileRevision: revision,
    });
    if (changedProfile)
      await reopenStaleApprovals(
        ctx,
        `the integration's details changed (${changedFieldsInWords({
          profile: diff.profile.after,
        })})`,
      );
  });
  return { proposed };
}

/** An edit that needs approval waits whole: its title and descriptive fields apply with it. */
function wholeProposal(diff: RecordUpdateDiff) {
  const side = (which: 'before' | 'after') => {
    const profile = {
      ...diff.profile[which],
      ...(diff.governed[which].profile ?? {}),
    };
    return {
      ...(diff.title ? { title: diff.title[which] } : {}),
      ...(Object.keys(profile).length ? { profile } : {}),
      ...(diff.governed[which].roles
        ? { roles: diff.governed[which].roles }
        : {}),
    };
  };
  return { before: side('before'), after: side('after') };
}
