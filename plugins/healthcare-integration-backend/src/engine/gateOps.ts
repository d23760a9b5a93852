import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import {
  ROLES,
  TEST_SCENARIOS,
  canonicalJson,
  deriveGates,
  isGateClosed,
  type GateFacts,
  type GatePolicy,
  type IntegrationProfile,
  type RoleHolders,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { sha256Hex } from '../database/auditChain';
import type { EvidenceRow, GateRow, TestRow } from '../database/rows';
import type { MutationContext } from './MutationContext';
import type { Loaded } from './types';

/** The gate operations every mutation shares: status, reopening, stale approvals, derivation. */

export const parseList = (json: string): string[] => JSON.parse(json);

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

export function gateFacts(row: GateRow): GateFacts {
  return {
    id: row.gate_id,
    title: row.title,
    status: row.status,
    requires: parseList(row.requires),
    evidenceKinds: parseList(row.evidence_kinds),
    requiresTestMatrix: Boolean(row.requires_test_matrix),
  };
}

export function evidenceFacts(row: EvidenceRow) {
  return {
    kind: row.kind,
    supersededBy: row.superseded_by,
    expiresAt: row.expires_at,
  };
}

export function testFacts(row: TestRow) {
  return {
    scenario: row.scenario,
    result: row.result,
    evidenceId: row.evidence_id,
  };
}

/**
 * The digest of everything a gate's approval covers: the current evidence of its kinds and,
 * for the test gate, the test matrix. An approval records it; when it changes, the approval
 * goes stale.
 */
export function coveredDigest(
  gate: GateRow,
  evidence: EvidenceRow[],
  tests: TestRow[],
): string {
  const kinds = parseList(gate.evidence_kinds);
  const items = evidence
    .filter(e => !e.superseded_by && kinds.includes(e.kind))
    .map(e => ({
      id: e.id,
      kind: e.kind,
      sha256: e.sha256,
      expiresAt: e.expires_at,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const matrix = gate.requires_test_matrix
    ? tests
        .filter(t => (TEST_SCENARIOS as readonly string[]).includes(t.scenario))
        .map(t => ({ s: t.scenario, r: t.result, e: t.evidence_id }))
        .sort((a, b) => a.s.localeCompare(b.s))
    : [];
  return sha256Hex(canonicalJson({ evidence: items, tests: matrix }));
}

export function newGateRow(
  entityRef: string,
  g: GatePolicy,
  now: string,
  requestedBy: string,
): GateRow {
  return {
    entity_ref: entityRef,
    gate_id: g.id,
    title: g.title,
    description: g.description ?? '',
    stage: g.stage,
    status: 'pending',
    approver_roles: JSON.stringify(g.approverRoles),
    evidence_kinds: JSON.stringify(g.evidenceKinds ?? []),
    requires: JSON.stringify(g.requires ?? []),
    requires_test_matrix: g.requiresTestMatrix ?? false,
    sla_days: g.slaDays,
    round: 1,
    opened_at: now,
    due_at: addDays(now, g.slaDays),
    requested_by: requestedBy,
    reopen_reason: null,
    waiver: null,
  };
}

export function findGate(loaded: Loaded, gateId: string) {
  const gate = loaded.gates.find(g => g.gate_id === gateId);
  if (!gate) {
    throw new NotFoundError(
      `Gate ${gateId} does not apply to ${
        loaded.record.entity_ref
      }; its gates are ${loaded.gates.map(g => g.gate_id).join(', ')}`,
    );
  }
  return gate;
}

export function profileOf(loaded: Loaded): IntegrationProfile {
  return JSON.parse(loaded.record.profile);
}

export async function insertGate(tx: Knex.Transaction, row: GateRow) {
  await tx('hip_gates').insert(row);
  await tx('hip_gate_roles').insert(
    parseList(row.approver_roles).map(role => ({
      entity_ref: row.entity_ref,
      gate_id: row.gate_id,
      role,
    })),
  );
}

export async function writeRoleHolders(
  tx: Knex.Transaction,
  entityRef: string,
  roles: RoleHolders,
) {
  await tx('hip_role_holders').where({ entity_ref: entityRef }).delete();
  await tx('hip_role_holders').insert(
    ROLES.map(role => ({
      entity_ref: entityRef,
      role,
      holder_ref: roles[role],
    })),
  );
}

/** Keeps the portfolio's denormalised counts current inside the mutation's transaction. */
export async function refreshSummary(
  tx: Knex.Transaction,
  entityRef: string,
  gates: GateRow[],
) {
  const open = gates.filter(g => !isGateClosed(g.status));
  await tx('hip_integrations')
    .where({ entity_ref: entityRef })
    .update({
      gates_required: gates.filter(g => g.status !== 'not-required').length,
      gates_closed: gates.filter(
        g => g.status === 'approved' || g.status === 'waived',
      ).length,
      earliest_due_at: open.length ? open.map(g => g.due_at).sort()[0] : null,
    });
}

export async function setStage(ctx: MutationContext, to: Stage) {
  const from = ctx.loaded.record.stage;
  await ctx
    .tx('hip_integrations')
    .where({ entity_ref: ctx.entityRef })
    .update({ stage: to });
  ctx.loaded.record.stage = to;
  ctx.audit('stage.moved', ctx.entityRef, { from, to });
}

export async function setGateStatus(
  ctx: MutationContext,
  gate: GateRow,
  status: GateRow['status'],
) {
  if (gate.status === status) return;
  await ctx
    .tx('hip_gates')
    .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
    .update({ status });
  ctx.audit('gate.status', gate.gate_id, { from: gate.status, to: status });
  gate.status = status;
}

/** Starts a new review round: earlier decisions go stale, any waiver ends, the gate shows why. */
export async function reopenGate(
  ctx: MutationContext,
  gate: GateRow,
  reason: string,
  requestedBy?: string,
) {
  const round = Number(gate.round) + 1;
  const update = {
    status: 'reopened' as const,
    round,
    reopen_reason: reason,
    opened_at: ctx.now,
    due_at: addDays(ctx.now, Number(gate.sla_days)),
    waiver: null,
    waiver_expires_at: null,
    ...(requestedBy ? { requested_by: requestedBy } : {}),
  };
  await ctx
    .tx('hip_gates')
    .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
    .update(update);
  await ctx
    .tx('hip_gate_decisions')
    .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
    .update({ stale: true });
  ctx.loaded.decisions
    .filter(d => d.gate_id === gate.gate_id)
    .forEach(d => {
      d.stale = true;
    });
  ctx.audit('gate.reopened', gate.gate_id, {
    from: gate.status,
    round,
    reason,
  });
  Object.assign(gate, update);
}

/**
 * An approval is bound to the profile revision and covered-evidence digest it saw. Any gate
 * whose live decisions saw something else goes back for review; a rejected gate reopens when
 * what it covers changes, so the requester can answer the rejection.
 */
export async function reopenStaleApprovals(
  ctx: MutationContext,
  reason: string,
) {
  const revision = Number(ctx.loaded.record.profile_revision);
  for (const gate of ctx.loaded.gates) {
    if (gate.status === 'waived' || gate.status === 'not-required') continue;
    const live = ctx.loaded.decisions.filter(
      d =>
        d.gate_id === gate.gate_id &&
        Number(d.round) === Number(gate.round) &&
        !d.stale,
    );
    if (!live.length) continue;
    const digest = coveredDigest(gate, ctx.loaded.evidence, ctx.loaded.tests);
    const stale = live.some(
      d =>
        Number(d.profile_revision) !== revision || d.evidence_digest !== digest,
    );
    if (stale) await reopenGate(ctx, gate, `approval stale: ${reason}`);
  }
}

/**
 * Re-derives the intake gates from an (approved) profile: gates the profile now needs are
 * added or brought back; gates it no longer needs become not-required. Audited either way.
 */
export async function rederiveGates(
  ctx: MutationContext,
  profile: IntegrationProfile,
) {
  const policy = ctx.deps.policy.policy;
  const wanted = new Set(deriveGates(policy, profile).map(g => g.id));
  for (const g of deriveGates(policy, profile)) {
    const existing = ctx.loaded.gates.find(r => r.gate_id === g.id);
    if (!existing) {
      const row = newGateRow(
        ctx.entityRef,
        g,
        ctx.now,
        ctx.loaded.record.requested_by,
      );
      await insertGate(ctx.tx, row);
      ctx.loaded.gates.push(row);
      ctx.audit('gate.added', g.id, {
        reason: 'profile now matches the policy predicate',
      });
    } else if (existing.status === 'not-required') {
      await reopenGate(
        ctx,
        existing,
        'profile matches the policy predicate again',
      );
    }
  }
  for (const gate of ctx.loaded.gates) {
    const gp = policy.gates.find(g => g.id === gate.gate_id);
    if (!gp || (gp.trigger ?? 'intake') !== 'intake') continue;
    if (!wanted.has(gate.gate_id) && gate.status !== 'not-required') {
      await setGateStatus(ctx, gate, 'not-required');
    }
  }
}

/** Opens (or re-opens) a gate a change request or emergency change brings into being. */
export async function upsertTriggeredGate(
  ctx: MutationContext,
  policy: GatePolicy,
  requestedBy: string,
  reason: string,
) {
  const existing = ctx.loaded.gates.find(g => g.gate_id === policy.id);
  if (existing) {
    await ctx
      .tx('hip_gate_roles')
      .where({ entity_ref: existing.entity_ref, gate_id: policy.id })
      .delete();
    await ctx.tx('hip_gate_roles').insert(
      policy.approverRoles.map(role => ({
        entity_ref: existing.entity_ref,
        gate_id: policy.id,
        role,
      })),
    );
    await ctx
      .tx('hip_gates')
      .where({ entity_ref: existing.entity_ref, gate_id: policy.id })
      .update({ approver_roles: JSON.stringify(policy.approverRoles) });
    existing.approver_roles = JSON.stringify(policy.approverRoles);
    await reopenGate(ctx, existing, reason, requestedBy);
    return;
  }
  const row = newGateRow(ctx.entityRef, policy, ctx.now, requestedBy);
  await insertGate(ctx.tx, row);
  ctx.loaded.gates.push(row);
  ctx.audit('gate.added', policy.id, { reason });
}
