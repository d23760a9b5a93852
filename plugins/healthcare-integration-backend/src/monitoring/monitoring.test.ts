import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const event = (over: Record<string, unknown> = {}) => ({
  integrationRef: 'component:default/adt-feed',
  category: 'technical',
  kind: 'failed-message',
  severity: 'error',
  count: 1,
  occurredAt: '2026-11-24T10:00:00Z',
  source: 'mirth:prod',
  dedupKey: `k-${Math.random()}`,
  ...over,
});

describe.each(databases.eachSupportedId())('monitoring on %s', databaseId => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startGovernanceBackend>>;
  const ref = 'component:default/adt-feed';
  const monitoring = () =>
    api.as(USERS.requester).get('/integrations/default/adt-feed/monitoring');

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    api = await startGovernanceBackend(knex, {
      config: {
        healthcareIntegration: {
          policy: {
            monitoring: {
              kindRoutes: [
                {
                  category: 'policy',
                  kind: 'missing-approval',
                  role: 'businessOwner',
                },
              ],
            },
          },
        },
      },
    });
    requireStatus(
      await api.as(USERS.requester).post('/integrations', intake('adt-feed')),
      201,
      'intake adt-feed',
    );
  });

  it('stores valid events, reports bad ones by index, and counts a retried batch once', async () => {
    // Relative to now: one event inside the last 24 hours, one three days old.
    const hoursAgo = (h: number) =>
      new Date(Date.now() - h * 3_600_000).toISOString();
    const batch = [
      event({ dedupKey: 'a1', count: 3, occurredAt: hoursAgo(1) }),
      event({ dedupKey: 'a2', category: 'weather' }),
      event({
        dedupKey: 'a3',
        count: 2,
        severity: 'warning',
        occurredAt: hoursAgo(72),
      }),
      event({
        dedupKey: 'a4',
        integrationRef: 'component:default/unknown-feed',
      }),
    ];
    const first = await api
      .asService()
      .post('/monitoring/events', { events: batch });
    expect(first.status).toBe(200);
    expect(first.body.accepted).toBe(2);
    expect(first.body.rejected).toEqual([
      {
        index: 1,
        reason: expect.stringMatching(/^category: Invalid enum value/),
      },
      {
        index: 3,
        reason:
          'integrationRef: no governance record for component:default/unknown-feed',
      },
    ]);
    const retry = await api
      .asService()
      .post('/monitoring/events', { events: batch });
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 2 });

    const summary = (await monitoring()).body;
    const open = summary.exceptions.filter(
      (e: any) => e.kind === 'failed-message',
    );
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      count: 5,
      severity: 'error',
      status: 'open',
      routedRole: 'technicalOwner',
      routedTo: USERS.technical,
    });
    expect(summary.health).toBe('degraded');
    expect(summary.counts['24h']).toEqual({
      technical: 3,
      clinical: 0,
      access: 0,
      policy: 0,
    });
    expect(summary.counts['7d']).toEqual({
      technical: 5,
      clinical: 0,
      access: 0,
      policy: 0,
    });
    expect(
      Number(
        (
          await knex('hip_monitoring_events')
            .where({ entity_ref: ref })
            .count({ n: '*' })
        )[0].n,
      ),
    ).toBe(2);
  });

  it('routes categories to roles, with per-kind overrides from the policy', async () => {
    await api.asService().post('/monitoring/events', {
      events: [
        event({ category: 'clinical', kind: 'mapping-exception' }),
        event({ category: 'access', kind: 'access-denied' }),
        event({ category: 'policy', kind: 'missing-approval' }),
      ],
    });
    const ex = (await monitoring()).body.exceptions;
    const routed = (kind: string) => ex.find((e: any) => e.kind === kind);
    expect(routed('mapping-exception')).toMatchObject({
      routedRole: 'processOwner',
      routedTo: 'group:default/clinical-informatics',
    });
    expect(routed('access-denied')).toMatchObject({
      routedRole: 'securityReviewer',
      routedTo: 'group:default/security-office',
    });
    expect(routed('missing-approval')).toMatchObject({
      routedRole: 'businessOwner',
    });
  });

  it('lets only the routed role acknowledge and resolve, and audits each step', async () => {
    const ex = (await monitoring()).body.exceptions.find(
      (e: any) => e.kind === 'mapping-exception',
    );
    const base = `/integrations/default/adt-feed/exceptions/${ex.id}`;
    const wrong = await api.as(USERS.security).post(`${base}/acknowledge`, {});
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toMatch(/routed to the processOwner/);
    expect(
      (await api.as(USERS.clinical).post(`${base}/acknowledge`, {})).status,
    ).toBe(200);
    const resolved = await api.as(USERS.clinical).post(`${base}/resolve`, {});
    expect(resolved.status).toBe(200);
    expect(
      resolved.body.exceptions.find((e: any) => e.id === ex.id),
    ).toMatchObject({ status: 'resolved', resolvedBy: USERS.clinical });
    expect(
      (await api.as(USERS.clinical).post(`${base}/resolve`, {})).status,
    ).toBe(409);

    const trail = (
      await api.as(USERS.requester).get('/integrations/default/adt-feed/audit')
    ).body.items;
    const steps = trail
      .filter((e: any) => e.subject === ex.id)
      .map((e: any) => e.action);
    expect(steps).toEqual([
      'exception.opened',
      'exception.acknowledged',
      'exception.resolved',
    ]);
    expect(
      (
        await api
          .as(USERS.requester)
          .get('/integrations/default/adt-feed/audit/verify')
      ).body.ok,
    ).toBe(true);
  });

  it('accepts the Alertmanager v4 webhook as is and maps labels to events', async () => {
    const payload = {
      version: '4',
      groupKey: '{}:{alertname="QueueBacklog"}',
      status: 'firing',
      receiver: 'backstage',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'IrisInteropQueueBacklog',
            integration: 'adt-feed',
            severity: 'critical',
          },
          annotations: { summary: 'iris_interop_queued above 500 for 10m' },
          startsAt: '2026-11-24T11:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus/graph',
          fingerprint: 'c0ffee',
        },
        {
          status: 'resolved',
          labels: { alertname: 'Old', integration: 'adt-feed' },
          annotations: {},
          startsAt: '2026-11-24T09:00:00Z',
          fingerprint: 'dead',
        },
      ],
    };
    const res = await api.asService().post('/monitoring/alertmanager', payload);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(
      (await api.asService().post('/monitoring/alertmanager', payload)).body,
    ).toMatchObject({ accepted: 0, duplicates: 1 });
    const summary = (await monitoring()).body;
    expect(
      summary.exceptions.find(
        (e: any) => e.kind === 'iris-interop-queue-backlog',
      ),
    ).toMatchObject({
      severity: 'critical',
      lastMessage: 'iris_interop_queued above 500 for 10m',
    });
    expect(summary.health).toBe('down');

    const bad = await api
      .asService()
      .post('/monitoring/alertmanager', { ...payload, version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Invalid version/);
  });

  it('filters the portfolio by health and shows unknown for a silent live integration', async () => {
    expect(
      (
        await api
          .as(USERS.requester)
          .post('/integrations', intake('silent-feed'))
      ).status,
    ).toBe(201);
    await knex('hip_integrations')
      .where({ entity_ref: 'component:default/silent-feed' })
      .update({ stage: 'live' });
    const down = await api.as(USERS.requester).get('/integrations?health=down');
    expect(down.body.items.map((i: any) => i.entityRef)).toEqual([ref]);
    const unknown = await api
      .as(USERS.requester)
      .get('/integrations?health=unknown');
    expect(unknown.body.items.map((i: any) => i.entityRef)).toContain(
      'component:default/silent-feed',
    );
    const silent = await api
      .as(USERS.requester)
      .get('/integrations/default/silent-feed/monitoring');
    expect(silent.body).toMatchObject({
      health: 'unknown',
      reason: 'no monitoring signal received yet',
    });
  });

  it('rejects a malformed batch as a whole with 400 and stores nothing', async () => {
    const before = Number(
      (await knex('hip_monitoring_events').count({ n: '*' }))[0].n,
    );
    const res = await api
      .asService()
      .post('/monitoring/events', { events: 'not-a-list' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Invalid events/);
    expect(
      Number((await knex('hip_monitoring_events').count({ n: '*' }))[0].n),
    ).toBe(before);
  });
});
