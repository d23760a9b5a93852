import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  type AlertInput,
  startMonitoring,
  webhook,
} from '../testing/alertTestKit';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const alert = (labels: Record<string, string>, over: object = {}) => ({
  labels: { alertname: 'QueueBacklog', ...labels },
  startsAt: '2026-12-01T09:59:00.000Z',
  ...over,
});

const count = async (knex: Knex, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

describe.each(databases.eachSupportedId())(
  'Alertmanager ingest on %s',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('refuses a payload none of whose alerts can be used with a 4xx naming why, and stores nothing', async () => {
      const kit = await startMonitoring(knex);
      await kit.record('lab-orders');
      const before = {
        events: await count(knex, 'hip_monitoring_events'),
        exceptions: await count(knex, 'hip_exceptions'),
        problems: await count(knex, 'hip_ingest_problems'),
      };
      const cases: Array<[unknown, RegExp]> = [
        [{ ...webhook([alert({})]), version: '3' }, /Invalid version/],
        [{ ...webhook([alert({})]), alerts: {} }, /Invalid alerts/],
        [
          webhook([alert({})]),
          /No alert in this notification can be used \(1 alert\(s\)\): labels\.integration: missing/,
        ],
        [
          webhook([alert({ integration: 'no-such-feed' })]),
          /labels\.integration: no governance record for component:default\/no-such-feed/,
        ],
        [
          webhook([alert({ integration: 'group:default/lab-orders' })]),
          /is not a component/,
        ],
      ];
      for (const [payload, reason] of cases) {
        await expect(
          kit.monitoring.ingestAlertmanager(payload),
        ).rejects.toMatchObject({ name: 'InputError', message: reason });
      }
      expect({
        events: await count(knex, 'hip_monitoring_events'),
        exceptions: await count(knex, 'hip_exceptions'),
        problems: await count(knex, 'hip_ingest_problems'),
      }).toEqual(before);
    });

    it('uses the good alerts of a mixed group, and answers, lists and counts each problem', async () => {
      const kit = await startMonitoring(knex);
      const ref = await kit.record('lab-orders');
      const long = 'x'.repeat(2500);
      const result = await kit.monitoring.ingestAlertmanager(
        webhook([
          alert({ integration: 'lab-orders', severity: 'warning' }),
          alert({}),
          alert({ integration: 'no-such-feed' }),
          alert(
            { integration: 'lab-orders', alertname: 'MappingErrors' },
            { annotations: { summary: long } },
          ),
          alert({ integration: 'lab-orders', category: 'Clinical' }),
          alert({ integration: 'lab-orders', severity: 'P1' }),
          { labels: 'not-an-object', startsAt: 'x' } as unknown as AlertInput,
        ]),
      );
      expect(result.accepted).toBe(2);
      expect(result.rejected).toEqual([
        {
          index: 1,
          reason: expect.stringMatching(/^labels\.integration: missing/),
        },
        {
          index: 2,
          reason:
            'labels.integration: no governance record for component:default/no-such-feed',
        },
        {
          index: 4,
          reason: expect.stringMatching(
            /^labels\.category: "Clinical" is not a category .*categoryLabels$/,
          ),
        },
        {
          index: 5,
          reason: expect.stringMatching(
            /^labels\.severity: "P1" is not a severity .*severityLabels$/,
          ),
        },
        { index: 6, reason: expect.stringMatching(/^alerts\.6\.labels: /) },
      ]);
      expect(result.notes).toEqual([
        {
          index: 3,
          note: expect.stringMatching(
            /^annotations\.summary: 2500 characters, stored shortened to 2000/,
          ),
        },
      ]);
      const mapping = (await kit.exceptions(ref)).find(
        e => e.kind === 'mapping-errors',
      );
      expect(mapping.last_message).toHaveLength(2000);
      expect(mapping.last_message.endsWith('…')).toBe(true);

      const problems = await kit.monitoring.ingestProblems();
      expect(problems.map(p => p.outcome).sort()).toEqual([
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'truncated',
      ]);
      expect(problems.find(p => p.reason.includes('"P1"'))).toMatchObject({
        route: 'alertmanager',
        source: 'alertmanager:backstage',
        item: expect.stringContaining('"severity":"P1"'),
      });
    });

    it('maps category and severity only through the tables the policy configures', async () => {
      const kit = await startMonitoring(knex, {
        policy: {
          monitoring: {
            alertmanager: {
              categoryLabels: { Clinical: 'clinical' },
              severityLabels: { P1: 'critical', P3: 'warning' },
            },
          },
        },
      });
      const ref = await kit.record('lab-orders');
      const result = await kit.monitoring.ingestAlertmanager(
        webhook([
          alert({
            integration: 'lab-orders',
            category: 'Clinical',
            severity: 'P1',
          }),
          alert({ integration: 'lab-orders', severity: 'page' }),
        ]),
      );
      // The policy's table replaced the default one: `page` is no longer known.
      expect(result.accepted).toBe(1);
      expect(result.rejected).toEqual([
        { index: 1, reason: expect.stringMatching(/"page" is not a severity/) },
      ]);
      expect(await kit.exceptions(ref)).toEqual([
        expect.objectContaining({
          category: 'clinical',
          severity: 'critical',
          routed_role: 'processOwner',
          routed_to: 'group:default/clinical-informatics',
        }),
      ]);
    });

    it('accepts a group of any size in one delivery and records the alerts Alertmanager left out', async () => {
      const kit = await startMonitoring(knex);
      const ref = await kit.record('lab-orders');
      const alerts = Array.from({ length: 5001 }, (_, i) =>
        alert(
          { integration: 'lab-orders', instance: `node-${i}` },
          { fingerprint: i.toString(16).padStart(16, '0') },
        ),
      );
      const result = await kit.monitoring.ingestAlertmanager(
        webhook(alerts, {
          truncatedAlerts: 7,
          commonLabels: { integration: 'lab-orders' },
        }),
      );
      expect(result).toMatchObject({ accepted: 5001, rejected: [] });
      const [ex] = await kit.exceptions(ref);
      expect(Number(ex.count)).toBe(5001);
      const [problem] = await kit.monitoring.ingestProblems();
      expect(problem).toMatchObject({
        outcome: 'truncated-alerts',
        integrationRef: ref,
        reason: expect.stringMatching(/^Alertmanager left 7 alert\(s\)/),
      });
    });

    it('clamps alert times outside the believable window to the receipt time and stores why', async () => {
      const kit = await startMonitoring(knex);
      const ref = await kit.record('lab-orders');
      const result = await kit.monitoring.ingestAlertmanager(
        webhook([
          alert(
            { integration: 'lab-orders', alertname: 'Future' },
            { startsAt: '2099-01-01T00:00:00Z' },
          ),
          alert(
            { integration: 'lab-orders', alertname: 'Ancient' },
            { startsAt: '0001-01-01T00:00:00Z' },
          ),
          // Within the 5 minutes' skew: kept as sent.
          alert(
            { integration: 'lab-orders', alertname: 'Skewed' },
            { startsAt: '2026-12-01T10:04:00Z' },
          ),
        ]),
      );
      expect(result.accepted).toBe(3);
      const events = await knex('hip_monitoring_events')
        .where({ entity_ref: ref })
        .orderBy('kind');
      expect(
        events.map(e => [e.kind, e.occurred_at, e.time_note !== null]),
      ).toEqual([
        ['ancient', '2026-12-01T10:00:00.000Z', true],
        ['future', '2026-12-01T10:00:00.000Z', true],
        ['skewed', '2026-12-01T10:04:00.000Z', false],
      ]);
      expect(events.find(e => e.kind === 'future').time_note).toMatch(
        /^startsAt: 2099-01-01T00:00:00.000Z is ahead of the backend's clock/,
      );
      const summary = await kit.monitoring.summary(ref);
      expect(summary.exceptions.map(e => e.lastSeenAt).sort()[2]).toBe(
        '2026-12-01T10:04:00.000Z',
      );
      expect(
        (await kit.monitoring.ingestProblems()).map(p => p.outcome),
      ).toEqual(['clamped', 'clamped']);
    });

    it('refuses event times outside the window on the events route, naming the field', async () => {
      const kit = await startMonitoring(knex);
      const ref = await kit.record('lab-orders');
      const event = (occurredAt: string, dedupKey: string) => ({
        integrationRef: ref,
        category: 'technical',
        kind: 'failed-message',
        occurredAt,
        source: 'mirth:prod',
        dedupKey,
      });
      const result = await kit.monitoring.ingest([
        event('2099-01-01T00:00:00Z', 'f'),
        event('0001-01-01T00:00:00Z', 'a'),
        event('2026-12-01T09:00:00Z', 'ok'),
      ]);
      expect(result).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [
          {
            index: 0,
            reason: expect.stringMatching(
              /^occurredAt: 2099-01-01T00:00:00.000Z is ahead of the backend's clock/,
            ),
          },
          {
            index: 1,
            reason: expect.stringMatching(
              /^occurredAt: 0001-01-01T00:00:00.000Z is older than the oldest time kept/,
            ),
          },
        ],
      });
      expect((await kit.monitoring.summary(ref)).counts['24h'].technical).toBe(
        1,
      );
    });

    it('takes a retried events batch as a signal without counting it twice, and lists its rejected events', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { silenceWindowHours: 1 } },
      });
      const ref = await kit.record('lab-orders');
      const batch = [
        {
          integrationRef: ref,
          category: 'technical',
          kind: 'failed-message',
          occurredAt: '2026-12-01T09:59:00Z',
          source: 'mirth:prod',
          dedupKey: 'm-1',
        },
        { integrationRef: ref, category: 'weather' },
      ];
      expect(await kit.monitoring.ingest(batch)).toMatchObject({
        accepted: 1,
      });
      kit.advance(50 * 60_000);
      expect(await kit.monitoring.ingest(batch)).toMatchObject({
        accepted: 0,
        duplicates: 1,
      });
      const [ex] = await kit.exceptions(ref);
      expect(Number(ex.count)).toBe(1);
      // The retry 50 minutes later is the last signal: 30 minutes on, an hour's window still holds.
      kit.advance(30 * 60_000);
      expect(await kit.monitoring.summary(ref)).toMatchObject({
        lastSignalAt: '2026-12-01T10:50:00.000Z',
      });
      const problems = await kit.monitoring.ingestProblems();
      expect(problems).toEqual([
        expect.objectContaining({
          route: 'events',
          outcome: 'rejected',
          reason: expect.stringMatching(/^events\.1: /),
        }),
        expect.objectContaining({ route: 'events', outcome: 'rejected' }),
      ]);
    });

    it('stores an alert whose link is unsafe without the link, and says so', async () => {
      const kit = await startMonitoring(knex);
      const ref = await kit.record('lab-orders');
      const result = await kit.monitoring.ingestAlertmanager(
        webhook([
          alert(
            { integration: 'lab-orders' },
            { generatorURL: 'ftp://prometheus.local/graph' },
          ),
        ]),
      );
      expect(result).toMatchObject({ accepted: 1, rejected: [] });
      expect(result.notes).toEqual([
        { index: 0, note: 'generatorURL: not a safe http(s) URL; not stored' },
      ]);
      const [ex] = await kit.exceptions(ref);
      expect(JSON.parse(ex.links).generatorURL).toBeUndefined();
      expect(
        (await kit.monitoring.ingestProblems()).map(p => p.outcome),
      ).toEqual(['link-dropped']);
    });

    it('resolves namespaced integration labels and full refs to the right record', async () => {
      const kit = await startMonitoring(knex);
      const ops = await kit.record('lab-orders', 'ops');
      const plain = await kit.record('lab-orders');
      const result = await kit.monitoring.ingestAlertmanager(
        webhook([
          alert({ integration: 'ops/lab-orders', alertname: 'A' }),
          alert({
            backstage_integration: 'component:ops/lab-orders',
            alertname: 'B',
          }),
          alert({ integration: 'lab-orders', alertname: 'C' }),
        ]),
      );
      expect(result).toMatchObject({ accepted: 3, rejected: [] });
      expect((await kit.exceptions(ops)).map(e => e.kind).sort()).toEqual([
        'a',
        'b',
      ]);
      expect((await kit.exceptions(plain)).map(e => e.kind)).toEqual(['c']);
    });
  },
);
