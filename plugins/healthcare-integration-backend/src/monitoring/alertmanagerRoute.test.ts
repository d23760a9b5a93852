import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';
import { webhook } from '../testing/alertTestKit';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'Alertmanager route on %s',
  databaseId => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex);
      requireStatus(
        await api.as(USERS.requester).post('/integrations', intake('adt-feed')),
        201,
        'intake adt-feed',
      );
    });

    it('answers 400 naming why when no alert can be used, so Alertmanager logs it', async () => {
      const res = await api.asService().post(
        '/monitoring/alertmanager',
        webhook([
          {
            labels: { alertname: 'QueueBacklog' },
            startsAt: new Date().toISOString(),
          },
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^No alert in this notification can be used \(1 alert\(s\)\): labels\.integration: missing/,
      );
      expect(
        Number((await knex('hip_monitoring_events').count({ n: '*' }))[0].n),
      ).toBe(0);
    });

    it('takes firing and resolved alerts and lists per-alert problems for admins', async () => {
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const firing = {
        labels: { alertname: 'QueueBacklog', integration: 'default/adt-feed' },
        annotations: { runbook_url: 'https://runbooks.example.org/queue' },
        startsAt,
        fingerprint: 'beef',
      };
      const res = await api
        .asService()
        .post(
          '/monitoring/alertmanager',
          webhook([firing, { ...firing, labels: { alertname: 'X' } }]),
        );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accepted: 1,
        recovered: 0,
        rejected: [{ index: 1 }],
      });
      const resolved = await api
        .asService()
        .post(
          '/monitoring/alertmanager',
          webhook([{ ...firing, status: 'resolved' }]),
        );
      expect(resolved.body).toMatchObject({ accepted: 0, recovered: 1 });
      const summary = await api
        .as(USERS.requester)
        .get('/integrations/default/adt-feed/monitoring');
      expect(summary.body.exceptions[0]).toMatchObject({
        kind: 'queue-backlog',
        recoveredBy: 'alertmanager:backstage',
        links: {
          runbookURL: 'https://runbooks.example.org/queue',
          fingerprint: 'beef',
          alertmanagerURL: 'http://alertmanager.local:9093',
        },
      });

      const problems = await api
        .as(USERS.requester)
        .get('/monitoring/ingest-problems?limit=10');
      expect(problems.status).toBe(200);
      expect(problems.body.items).toEqual([
        expect.objectContaining({
          outcome: 'rejected',
          reason: expect.stringMatching(/^labels\.integration: missing/),
        }),
      ]);
      // People read the list; the ingest token does not.
      expect(
        (await api.asService().get('/monitoring/ingest-problems')).status,
      ).toBe(403);
      expect(
        (
          await api
            .as(USERS.requester)
            .get('/monitoring/ingest-problems?limit=x')
        ).status,
      ).toBe(400);
    });
  },
);
