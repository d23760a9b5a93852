import { NotFoundError } from '@backstage/errors';
import {
  MONITORING_CATEGORIES,
  MonitoringCategory,
  MonitoringSummary,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { MonitoringDeps } from './deps';
import { rollUpHealth } from './health';
import { ExceptionRow, toException } from './rows';

/**
 * An integration's monitoring tab: health rolled up at read time (silence depends on the
 * clock), open exceptions, the last 20 resolved ones, and event counts over 24 hours and 7 days.
 */
export async function monitoringSummary(
  deps: MonitoringDeps,
  entityRef: string,
): Promise<MonitoringSummary> {
  const record = await deps.governance.getRecordRow(entityRef);
  if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
  const now = deps.clock();
  const [open, recent] = await Promise.all([
    deps
      .db<ExceptionRow>('hip_exceptions')
      .where({ entity_ref: entityRef })
      .whereNot('status', 'resolved')
      .orderBy('last_seen_at', 'desc'),
    deps
      .db<ExceptionRow>('hip_exceptions')
      .where({ entity_ref: entityRef, status: 'resolved' })
      .orderBy('resolved_at', 'desc')
      .limit(20),
  ]);
  const counts = {
    '24h': await countsSince(
      deps,
      entityRef,
      new Date(now.getTime() - 86_400_000),
    ),
    '7d': await countsSince(
      deps,
      entityRef,
      new Date(now.getTime() - 7 * 86_400_000),
    ),
  };
  const { health, reason } = rollUpHealth({
    stage: record.stage,
    openSeverities: open.filter(e => !e.recovered_at).map(e => e.severity),
    lastSignalAt: (record as any).last_signal_at,
    now,
    silenceWindowHours: deps.policy.policy.monitoring.silenceWindowHours,
  });
  return {
    health,
    reason,
    lastSignalAt: (record as any).last_signal_at ?? undefined,
    exceptions: [...open, ...recent].map(toException),
    counts,
  };
}

async function countsSince(
  deps: MonitoringDeps,
  entityRef: string,
  since: Date,
) {
  const rows = await deps
    .db('hip_monitoring_events')
    .where({ entity_ref: entityRef })
    .where('occurred_at', '>=', since.toISOString())
    .groupBy('category')
    .select('category')
    .sum({ n: 'count' });
  const counts = Object.fromEntries(
    MONITORING_CATEGORIES.map(c => [c, 0]),
  ) as Record<MonitoringCategory, number>;
  rows.forEach((r: any) => {
    counts[r.category as MonitoringCategory] = Number(r.n);
  });
  return counts;
}
