import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { IngestProblem } from '@hcig/backstage-plugin-healthcare-integration-common';
import { CHUNK } from './batchSize';
import type { MonitoringMetrics } from './monitoringMetrics';

/** Problems are kept this long for the admins' list. */
const KEEP_DAYS = 30;

export interface ProblemInput {
  /** `rejected`, `truncated`, `clamped`, `truncated-alerts`, `refused`. */
  outcome: string;
  reason: string;
  integrationRef?: string;
  item?: string;
}

const clip = (s: string, max: number) =>
  s.length > max ? `${s.slice(0, max - 1)}…` : s;

/**
 * Nothing ingest cannot use is lost silently: each problem is logged, counted in the
 * `ingest.outcomes` metric and, unless the whole payload was refused (that changes nothing and
 * the sender sees the 4xx), listed for platform admins.
 */
export class IngestProblems {
  constructor(
    private readonly db: Knex,
    private readonly clock: () => Date,
    private readonly logger?: LoggerService,
    private readonly metrics?: MonitoringMetrics,
  ) {}

  async record(route: string, source: string, problems: ProblemInput[]) {
    if (!problems.length) return;
    const byOutcome = new Map<string, number>();
    problems.forEach(p =>
      byOutcome.set(p.outcome, (byOutcome.get(p.outcome) ?? 0) + 1),
    );
    byOutcome.forEach((n, outcome) => this.metrics?.outcome(route, outcome, n));
    this.logger?.warn(
      `Monitoring ingest (${route} from ${source}): ${[...byOutcome]
        .map(([o, n]) => `${n} ${o}`)
        .join(', ')}; first: ${problems[0].reason}`,
    );
    if (problems.every(p => p.outcome === 'refused')) return;
    const now = this.clock();
    const rows = problems
      .filter(p => p.outcome !== 'refused')
      .map(p => ({
        received_at: now.toISOString(),
        route,
        source: clip(source, 100),
        outcome: p.outcome,
        entity_ref: p.integrationRef ?? null,
        reason: clip(p.reason, 1000),
        item: p.item ? clip(p.item, 2000) : null,
      }));
    try {
      for (let i = 0; i < rows.length; i += CHUNK)
        await this.db('hip_ingest_problems').insert(rows.slice(i, i + CHUNK));
      await this.db('hip_ingest_problems')
        .where(
          'received_at',
          '<',
          new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString(),
        )
        .delete();
    } catch (error) {
      // The list is for people; the events themselves are already stored.
      this.logger?.error(
        `Could not store ${rows.length} ingest problem(s): ${error}`,
      );
    }
  }

  async list(limit = 100): Promise<IngestProblem[]> {
    const rows = await this.db('hip_ingest_problems')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(limit, 1), 500));
    return rows.map(r => ({
      id: String(r.id),
      receivedAt: r.received_at,
      route: r.route,
      source: r.source,
      outcome: r.outcome,
      integrationRef: r.entity_ref ?? undefined,
      reason: r.reason,
      item: r.item ?? undefined,
    }));
  }
}
