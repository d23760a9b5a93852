import { isGateClosed } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { MonitoringDeps } from './deps';

/**
 * A live integration without an approved monitoring plan is itself a `policy` exception: the
 * events that say so, one per integration per day (the dedup key carries the day), for ingest.
 */
export async function missingMonitoringPlanEvents(
  deps: Pick<MonitoringDeps, 'db' | 'policy' | 'clock'>,
) {
  const day = deps.clock().toISOString().slice(0, 10);
  const live = await deps
    .db('hip_integrations as i')
    .leftJoin('hip_gates as g', j =>
      j
        .on('g.entity_ref', 'i.entity_ref')
        .andOnVal('g.gate_id', deps.policy.policy.specialGates.monitoringPlan),
    )
    .whereIn('i.stage', ['live', 'change'])
    .select('i.entity_ref', 'g.status');
  const missing = live.filter(r => !r.status || !isGateClosed(r.status));
  return missing.map(r => ({
    integrationRef: r.entity_ref,
    category: 'policy',
    kind: 'missing-monitoring-plan',
    severity: 'warning',
    occurredAt: deps.clock().toISOString(),
    source: 'healthcare-integration:policy',
    dedupKey: `policy:missing-monitoring-plan:${r.entity_ref}:${day}`,
    message: 'Live without an approved monitoring plan',
  }));
}
