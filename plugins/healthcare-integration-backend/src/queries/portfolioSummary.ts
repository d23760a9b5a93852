import type { Knex } from 'knex';
import {
  STAGES,
  type PortfolioSummary,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { whereHealth } from './health';

/** Records with a rejected gate: nothing moves until the requester answers the rejection. */
export function whereBlocked(b: Knex.QueryBuilder, blocked: boolean) {
  const rejected = (q: Knex.QueryBuilder) =>
    q
      .select(q.client.raw('1'))
      .from('hip_gates')
      .whereRaw('hip_gates.entity_ref = hip_integrations.entity_ref')
      .where('hip_gates.status', 'rejected');
  if (blocked) b.whereExists(rejected);
  else b.whereNotExists(rejected);
}

/**
 * Records that involve an external vendor. The profile is stored as `JSON.stringify` output
 * (engine/records.ts), which writes a boolean as `"externalVendor":true` without spaces.
 */
export function whereVendor(b: Knex.QueryBuilder, vendor: boolean) {
  const like = '%"externalVendor":true%';
  if (vendor) b.where('profile', 'like', like);
  else b.whereNot('profile', 'like', like);
}

async function countOf(q: Knex.QueryBuilder): Promise<number> {
  const [{ n }] = await q.count({ n: '*' });
  return Number(n);
}

/**
 * The summary strip's counts over `filtered`: the portfolio query with the caller's filters
 * and the permission framework's conditions applied, so it counts only what they may see.
 */
export async function portfolioSummary(
  filtered: Knex.QueryBuilder,
  now: string,
  silenceWindowHours: number,
): Promise<PortfolioSummary> {
  const byStage = Object.fromEntries(STAGES.map(s => [s, 0])) as Record<
    Stage,
    number
  >;
  const stageRows = await filtered
    .clone()
    .groupBy('stage')
    .select('stage')
    .count({ n: '*' });
  for (const row of stageRows as Array<{ stage: Stage; n: unknown }>) {
    byStage[row.stage] = Number(row.n);
  }
  const [blocked, overdue, degraded, down, phiVendor] = await Promise.all([
    countOf(filtered.clone().modify(whereBlocked, true)),
    countOf(filtered.clone().where('earliest_due_at', '<', now)),
    countOf(
      filtered.clone().modify(whereHealth, 'degraded', now, silenceWindowHours),
    ),
    countOf(
      filtered.clone().modify(whereHealth, 'down', now, silenceWindowHours),
    ),
    countOf(filtered.clone().where('phi', true).modify(whereVendor, true)),
  ]);
  return {
    total: Object.values(byStage).reduce((a, b) => a + b, 0),
    byStage,
    blocked,
    overdue,
    degraded,
    down,
    phiVendor,
  };
}
