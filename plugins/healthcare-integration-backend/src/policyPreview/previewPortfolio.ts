import type { Knex } from 'knex';
import {
  type IntegrationPolicyPreview,
  type PolicyPreviewResponse,
  type PreviewGateInput,
  addToTotals,
  diffPolicyGates,
  emptyPreviewTotals,
  previewChangesSomething,
  previewRecord,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { EffectivePolicy } from '../config/readPolicy';
import type { DecisionRow, GateRow, IntegrationRow } from '../database/rows';
import { toPreviewGate } from '../engine/policyRederive';
import type { RecordFilter } from '../permissions/recordFilter';

/**
 * Previews a candidate policy over every record the caller may read: three reads (records,
 * gates, current approvals), then the pure per-record preview. Nothing is written.
 */
export async function previewPortfolio(
  db: Knex,
  current: EffectivePolicy,
  candidate: EffectivePolicy,
  options: { permissionFilter?: RecordFilter; includeUnchanged?: boolean },
): Promise<PolicyPreviewResponse> {
  const readable = () =>
    db<IntegrationRow>('hip_integrations')
      .select('entity_ref')
      .modify(b => {
        if (options.permissionFilter) b.where(options.permissionFilter);
      });
  const [records, gates, decisions] = await Promise.all([
    db<IntegrationRow>('hip_integrations')
      .select('entity_ref', 'title', 'stage', 'profile')
      .modify(b => {
        if (options.permissionFilter) b.where(options.permissionFilter);
      })
      .orderBy('entity_ref'),
    db<GateRow>('hip_gates')
      .select(
        'entity_ref',
        'gate_id',
        'title',
        'status',
        'stage',
        'approver_roles',
        'evidence_kinds',
        'requires',
        'requires_test_matrix',
        'sla_days',
        'round',
      )
      .whereIn('entity_ref', readable()),
    db<DecisionRow>('hip_gate_decisions')
      .select('entity_ref', 'gate_id', 'round', 'role', 'decided_by')
      .where({ decision: 'approve' })
      .where({ stale: false })
      .whereIn('entity_ref', readable()),
  ]);
  const approvalsOf = new Map<
    string,
    Array<{ role: string; decidedBy: string }>
  >();
  for (const d of decisions) {
    const key = `${d.entity_ref}\u0000${d.gate_id}\u0000${d.round}`;
    const list = approvalsOf.get(key) ?? [];
    list.push({ role: d.role, decidedBy: d.decided_by });
    approvalsOf.set(key, list);
  }
  const gatesOf = new Map<string, PreviewGateInput[]>();
  for (const g of gates) {
    const list = gatesOf.get(g.entity_ref) ?? [];
    list.push(
      toPreviewGate(
        g,
        approvalsOf.get(`${g.entity_ref}\u0000${g.gate_id}\u0000${g.round}`) ??
          [],
      ),
    );
    gatesOf.set(g.entity_ref, list);
  }
  const totals = emptyPreviewTotals();
  const integrations: IntegrationPolicyPreview[] = [];
  for (const r of records) {
    const preview = previewRecord(current.policy, candidate.policy, {
      entityRef: r.entity_ref,
      title: r.title,
      stage: r.stage,
      profile: JSON.parse(r.profile),
      gates: gatesOf.get(r.entity_ref) ?? [],
    });
    addToTotals(totals, preview);
    if (options.includeUnchanged || previewChangesSomething(preview))
      integrations.push(preview);
  }
  return {
    currentHash: current.hash,
    candidateHash: candidate.hash,
    identical: current.hash === candidate.hash,
    policyChanges: diffPolicyGates(current.policy, candidate.policy),
    totals,
    integrations,
  };
}
