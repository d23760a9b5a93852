import type { Knex } from 'knex';
import {
  portfolioQuerySchema,
  type PortfolioPage,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { InputError } from '@backstage/errors';
import type { IntegrationRow } from '../database/rows';
import { parseInput } from '../lib/errors';
import type { RecordFilter } from '../permissions/recordFilter';
import { effectiveHealth, whereHealth } from './health';
import { cursorAfter, sortedPage } from './portfolioSort';
import {
  portfolioSummary,
  whereBlocked,
  whereVendor,
} from './portfolioSummary';

/**
 * The portfolio: records with stage and readiness, filtered, sorted, cursor-paged, with the
 * summary strip's counts over the whole filtered set.
 */
export async function listPortfolio(
  db: Knex,
  query: unknown,
  options: {
    now: string;
    silenceWindowHours: number;
    permissionFilter?: RecordFilter;
  },
): Promise<PortfolioPage> {
  const q = parseInput(portfolioQuerySchema, query);
  const { now, silenceWindowHours } = options;
  const versions = await policyVersionsByHash(db);
  let versionHash: string | undefined;
  if (q.policyVersion !== undefined) {
    const row = await db('hip_policy_versions')
      .where({ seq: q.policyVersion })
      .first('policy_hash');
    if (!row) {
      const newest = Math.max(0, ...versions.values());
      throw new InputError(
        `Invalid policyVersion: ${
          q.policyVersion
        } is not a recorded policy version (${
          newest ? `versions run from 1 to ${newest}` : 'none is recorded yet'
        })`,
      );
    }
    versionHash = String(row.policy_hash);
  }
  const base = db<IntegrationRow>('hip_integrations').modify(b => {
    if (options.permissionFilter) b.where(options.permissionFilter);
    if (q.stage) b.where('stage', q.stage);
    if (q.phi) b.where('phi', q.phi === 'true');
    if (q.vendor) whereVendor(b, q.vendor === 'true');
    if (q.blocked) whereBlocked(b, q.blocked === 'true');
    if (q.health) whereHealth(b, q.health, now, silenceWindowHours);
    if (versionHash) b.where('policy_hash', versionHash);
    if (q.overdue === 'true') b.where('earliest_due_at', '<', now);
    if (q.overdue === 'false')
      b.where(w =>
        w.whereNull('earliest_due_at').orWhere('earliest_due_at', '>=', now),
      );
    if (q.q) {
      const like = `%${q.q.toLowerCase().replace(/[%_\\]/g, m => `\\${m}`)}%`;
      b.where(w =>
        w
          .whereRaw("lower(title) like ? escape '\\'", [like])
          .orWhereRaw("lower(entity_ref) like ? escape '\\'", [like]),
      );
    }
  });
  const summary = await portfolioSummary(base, now, silenceWindowHours);
  const rows: IntegrationRow[] = await sortedPage(
    base,
    q.sort,
    q.cursor,
    q.limit,
  );
  const items = rows.slice(0, q.limit);
  const overdue = await overdueCounts(
    db,
    items
      .filter(r => r.earliest_due_at && r.earliest_due_at < now)
      .map(r => r.entity_ref),
    now,
  );
  return {
    totalCount: summary.total,
    summary,
    nextCursor:
      rows.length > q.limit
        ? cursorAfter(items[items.length - 1], q.sort)
        : undefined,
    items: items.map(r => {
      const profile = JSON.parse(r.profile);
      return {
        entityRef: r.entity_ref,
        title: r.title,
        stage: r.stage as Stage,
        phi: Boolean(r.phi),
        externalVendor: profile.externalVendor,
        patientFacing: profile.patientFacing,
        requestedBy: r.requested_by,
        gatesRequired: Number(r.gates_required),
        gatesClosed: Number(r.gates_closed),
        overdueGates: overdue.get(r.entity_ref) ?? 0,
        ...(r.earliest_due_at ? { nextDueAt: r.earliest_due_at } : {}),
        health: effectiveHealth(r, now, silenceWindowHours),
        updatedAt: r.updated_at,
        ...(versions.has(r.policy_hash)
          ? { policyVersion: versions.get(r.policy_hash) }
          : {}),
      };
    }),
  };
}

/** Each recorded policy hash with the newest version that recorded it. */
async function policyVersionsByHash(db: Knex): Promise<Map<string, number>> {
  const rows = await db('hip_policy_versions')
    .groupBy('policy_hash')
    .select('policy_hash')
    .max({ seq: 'seq' });
  return new Map(rows.map((r: any) => [String(r.policy_hash), Number(r.seq)]));
}

async function overdueCounts(db: Knex, refs: string[], now: string) {
  const counts = new Map<string, number>();
  if (!refs.length) return counts;
  const rows = await db('hip_gates')
    .whereIn('entity_ref', refs)
    .whereNotIn('status', ['approved', 'waived', 'not-required'])
    .where('due_at', '<', now)
    .groupBy('entity_ref')
    .select('entity_ref')
    .count({ n: '*' });
  rows.forEach((r: any) => counts.set(String(r.entity_ref), Number(r.n)));
  return counts;
}
