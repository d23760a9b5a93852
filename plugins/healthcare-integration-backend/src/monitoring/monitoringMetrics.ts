import type { Knex } from 'knex';
import type {
  MetricsService,
  MetricsServiceCounter,
} from '@backstage/backend-plugin-api/alpha';
import { rollUpHealth } from './health';

/** The open severities a stored (time-independent) health stands for. */
const STORED_SEVERITIES: Record<string, string[]> = {
  down: ['critical'],
  degraded: ['error'],
};

/**
 * The plugin's own signals for dashboards, through Backstage's metrics service (OpenTelemetry;
 * with a Prometheus exporter they read `hcig_monitoring_…`):
 *  - `hcig.monitoring.ingest.outcomes` (counter): per route and outcome (accepted, duplicate,
 *    rejected, recovered, reopened, heartbeat, truncated, clamped, link-dropped, truncated-alerts,
 *    refused);
 *  - `hcig.monitoring.exceptions.open` (gauge): unresolved exceptions per category and severity
 *    (`recovered` says whether their alerts have already resolved);
 *  - `hcig.monitoring.integration.health` (gauge): 1 for each integration's current health.
 */
export class MonitoringMetrics {
  private readonly outcomes?: MetricsServiceCounter;

  constructor(
    metrics: MetricsService | undefined,
    private readonly db: Knex,
    private readonly clock: () => Date,
    private readonly silenceWindowHours: number,
  ) {
    if (!metrics) return;
    this.outcomes = metrics.createCounter('hcig.monitoring.ingest.outcomes', {
      description:
        'Monitoring ingest outcomes per route (alertmanager, events, topic) and outcome',
    });
    metrics
      .createObservableGauge('hcig.monitoring.exceptions.open', {
        description:
          'Unresolved monitoring exceptions per category and severity',
      })
      .addCallback(async result => {
        for (const row of await this.openExceptions())
          result.observe(Number(row.n), {
            category: row.category,
            severity: row.severity,
            recovered: row.recovered ? 'true' : 'false',
          });
      });
    metrics
      .createObservableGauge('hcig.monitoring.integration.health', {
        description:
          'Health of each governed integration: 1 for its current state (healthy, degraded, down, unknown)',
      })
      .addCallback(async result => {
        for (const h of await this.healthPerIntegration())
          result.observe(1, { integration: h.ref, health: h.health });
      });
  }

  outcome(route: string, outcome: string, n = 1) {
    if (n > 0) this.outcomes?.add(n, { route, outcome });
  }

  async openExceptions() {
    const rows = await this.db('hip_exceptions')
      .whereNot('status', 'resolved')
      .groupBy('category', 'severity', 'recovered')
      .select(
        'category',
        'severity',
        this.db.raw(
          'CASE WHEN recovered_at IS NULL THEN 0 ELSE 1 END AS recovered',
        ),
      )
      .count({ n: '*' });
    return rows as Array<{
      category: string;
      severity: string;
      recovered: number;
      n: number | string;
    }>;
  }

  async healthPerIntegration() {
    const now = this.clock();
    const rows = await this.db('hip_integrations').select(
      'entity_ref',
      'stage',
      'health',
      'last_signal_at',
    );
    return rows.map(r => ({
      ref: r.entity_ref as string,
      health: rollUpHealth({
        stage: r.stage,
        openSeverities: STORED_SEVERITIES[r.health] ?? [],
        lastSignalAt: r.last_signal_at,
        now,
        silenceWindowHours: this.silenceWindowHours,
      }).health,
    }));
  }
}
