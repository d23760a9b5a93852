import { TestDatabases } from '@backstage/backend-test-utils';
import type {
  MetricAttributes,
  MetricsService,
  MetricsServiceObservableCallback,
} from '@backstage/backend-plugin-api/alpha';
import { startMonitoring, webhook } from '../testing/alertTestKit';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A metrics service that remembers what was counted and can collect its gauges. */
function recordingMetrics() {
  const counted: Array<{ name: string; n: number; attrs?: MetricAttributes }> =
    [];
  const gauges = new Map<string, MetricsServiceObservableCallback[]>();
  const service = {
    createCounter: (name: string) => ({
      add: (n: number, attrs?: MetricAttributes) =>
        counted.push({ name, n, attrs }),
    }),
    createObservableGauge: (name: string) => ({
      addCallback: (cb: MetricsServiceObservableCallback) =>
        gauges.set(name, [...(gauges.get(name) ?? []), cb]),
      removeCallback: () => {},
    }),
  } as unknown as MetricsService;
  const collect = async (name: string) => {
    const seen: Array<{ value: number; attrs?: MetricAttributes }> = [];
    for (const cb of gauges.get(name) ?? [])
      await cb({ observe: (value, attrs) => seen.push({ value, attrs }) });
    return seen;
  };
  const total = (outcome: string) =>
    counted
      .filter(c => c.attrs?.outcome === outcome)
      .reduce((n, c) => n + c.n, 0);
  return { service, collect, total };
}

describe('monitoring metrics', () => {
  it('counts ingest outcomes and reports open exceptions and health per integration', async () => {
    const knex = await databases.init('SQLITE_3');
    const kit = await startMonitoring(knex);
    const ref = await kit.record('lab-orders');
    await kit.record('quiet-feed');
    const metrics = recordingMetrics();
    const monitoring = kit.instance({ metrics: metrics.service });
    const alert = {
      labels: {
        alertname: 'QueueBacklog',
        integration: 'lab-orders',
        severity: 'warning',
      },
      startsAt: '2026-12-01T09:59:00.000Z',
      fingerprint: 'abc',
    };
    await monitoring.ingestAlertmanager(
      webhook([alert, { ...alert, labels: { alertname: 'NoLabel' } }]),
    );
    await monitoring.ingestAlertmanager(webhook([alert]));
    await expect(
      monitoring.ingestAlertmanager(webhook([{ ...alert, labels: {} }])),
    ).rejects.toThrow(/can be used/);
    expect({
      accepted: metrics.total('accepted'),
      duplicate: metrics.total('duplicate'),
      rejected: metrics.total('rejected'),
      refused: metrics.total('refused'),
    }).toEqual({ accepted: 1, duplicate: 1, rejected: 1, refused: 1 });

    expect(await metrics.collect('hcig.monitoring.exceptions.open')).toEqual([
      {
        value: 1,
        attrs: {
          category: 'technical',
          severity: 'warning',
          recovered: 'false',
        },
      },
    ]);
    const health = await metrics.collect('hcig.monitoring.integration.health');
    expect(health).toEqual(
      expect.arrayContaining([
        { value: 1, attrs: { integration: ref, health: 'degraded' } },
        {
          value: 1,
          attrs: {
            integration: 'component:default/quiet-feed',
            health: 'unknown',
          },
        },
      ]),
    );

    await monitoring.ingestAlertmanager(
      webhook([{ ...alert, status: 'resolved' }]),
    );
    expect(metrics.total('recovered')).toBe(1);
    expect(await metrics.collect('hcig.monitoring.exceptions.open')).toEqual([
      {
        value: 1,
        attrs: {
          category: 'technical',
          severity: 'warning',
          recovered: 'true',
        },
      },
    ]);
    expect(
      (await metrics.collect('hcig.monitoring.integration.health')).find(
        h => h.attrs?.integration === ref,
      ),
    ).toEqual({ value: 1, attrs: { integration: ref, health: 'healthy' } });
  });
});
