import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A module's test runs it inside the plugin it extends, as a backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import healthcareIntegrationPlugin, {
  generateSigningKey,
} from '@hcig/backstage-plugin-healthcare-integration-backend';
import {
  CATALOG_ENTITIES,
  USERS,
  intake,
} from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';
import { MirthClient, parseChannelStatistics } from './MirthClient';
import { MIRTH_CHANNEL_ANNOTATION } from './MirthSource';
import { healthcareIntegrationModuleMirth } from './module';

jest.setTimeout(60_000);

const CHANNEL = '5b2a1c8e-7d1f-4c39-9b7a-0a4f6f2e9d11';

/** A stand-in Mirth Connect: session login, the X-Requested-With rule, XML statistics. */
function fakeMirth(stats: { error: number; queued: number }) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!req.headers['x-requested-with']) {
      res
        .writeHead(400)
        .end('All requests must have an X-Requested-With header');
      return;
    }
    if (req.method === 'POST' && req.url === '/api/users/_login') {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        if (
          form.get('username') !== 'admin' ||
          form.get('password') !== 'secret'
        ) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, {
          'Set-Cookie': 'JSESSIONID=abc123; Path=/api; Secure; HttpOnly',
          'Content-Type': 'application/xml',
        });
        res.end(
          '<com.mirth.connect.model.LoginStatus><status>SUCCESS</status></com.mirth.connect.model.LoginStatus>',
        );
      });
      return;
    }
    if (req.url?.startsWith('/api/channels/statistics')) {
      if (!req.headers.cookie?.includes('JSESSIONID=abc123')) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      // One channel: Mirth sends a one-element list, which JSON conversion would turn into an object.
      res.end(`<list>
  <channelStatistics>
    <serverId>c5e5e5e5-0000-4000-8000-000000000001</serverId>
    <channelId>${CHANNEL}</channelId>
    <received>120</received>
    <sent>110</sent>
    <error>${stats.error}</error>
    <filtered>3</filtered>
    <queued>${stats.queued}</queued>
    <alerted>0</alerted>
  </channelStatistics>
</list>`);
      return;
    }
    res.writeHead(404).end();
  });
  return { server, requests };
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/** Hands the test the plugin's scheduler, so that it can run a poll when it wants one. */
function schedulerProbe() {
  const probe: { scheduler?: SchedulerService } = {};
  const module = createBackendModule({
    pluginId: 'healthcare-integration',
    moduleId: 'test-scheduler-probe',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          probe.scheduler = scheduler;
        },
      });
    },
  });
  return { probe, module };
}

const labOrdersEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'lab-orders',
    namespace: 'default',
    annotations: { [MIRTH_CHANNEL_ANNOTATION]: CHANNEL },
  },
  spec: {
    type: 'healthcare-integration',
    owner: 'group:default/integration-engineering',
    lifecycle: 'production',
  },
};

describe('MirthClient', () => {
  it('parses a one-element statistics list', () => {
    const parsed = parseChannelStatistics(
      `<list><channelStatistics><channelId>x</channelId><error>2</error><queued>0</queued></channelStatistics></list>`,
    );
    expect(parsed).toEqual([
      {
        serverId: undefined,
        channelId: 'x',
        received: 0,
        sent: 0,
        error: 2,
        filtered: 0,
        queued: 0,
      },
    ]);
  });

  it('fails clearly when the engine refuses the login', async () => {
    const { server } = fakeMirth({ error: 0, queued: 0 });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    try {
      const client = new MirthClient({
        id: 'prod',
        baseUrl,
        username: 'admin',
        password: 'wrong',
      });
      await expect(client.channelStatistics()).rejects.toThrow(
        'Mirth prod: login answered 401',
      );
    } finally {
      server.close();
    }
  });
});

describe.each(databases.eachSupportedId())(
  'the Mirth module on %s',
  databaseId => {
    it('adds each configured engine as a source; its polls turn counter deltas into exceptions, once per change', async () => {
      const stats = { error: 4, queued: 0 };
      const { server, requests } = fakeMirth(stats);
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const baseUrl = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }`;
      const knex = await databases.init(databaseId);
      const { probe, module: probeModule } = schedulerProbe();
      const backend = await startTestBackend({
        features: [
          healthcareIntegrationPlugin,
          healthcareIntegrationModuleMirth,
          probeModule,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              healthcareIntegration: {
                audit: {
                  signing: { privateKey: generateSigningKey().privateKeyPem },
                },
                mirth: [
                  {
                    id: 'prod',
                    baseUrl,
                    username: 'admin',
                    password: 'secret',
                  },
                ],
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [...CATALOG_ENTITIES, labOrdersEntity],
          }),
        ],
      });
      try {
        const created = await request(backend.server)
          .post('/api/healthcare-integration/integrations')
          .set('Authorization', mockCredentials.user.header(USERS.requester))
          .send(intake('lab-orders'));
        expect(created.status).toBe(201);

        const poll = () =>
          probe.scheduler!.triggerTask(
            'healthcare-integration-source-mirth:prod',
          );
        const exception = (kind: string) =>
          knex('hip_exceptions').where({ kind }).first();

        await poll();
        expect(Number((await exception('failed-message')).count)).toBe(4);
        // The counters are the source's state, kept in the plugin's database.
        const state = await knex('hip_monitoring_source_state').where({
          source_id: 'mirth:prod',
          state_key: `channel:${CHANNEL}`,
        });
        expect(state).toHaveLength(1);
        expect(JSON.parse(state[0].value)).toEqual({ errored: 4, queued: 0 });

        // Unchanged counters: nothing new.
        await poll();
        expect(Number((await exception('failed-message')).count)).toBe(4);
        const eventsAfterRepeat = Number(
          (await knex('hip_monitoring_events').count({ n: '*' }).first())!.n,
        );
        expect(eventsAfterRepeat).toBe(1);

        stats.error = 7;
        stats.queued = 12;
        await poll();
        expect(Number((await exception('failed-message')).count)).toBe(7);
        expect(await exception('queue-delay')).toMatchObject({
          severity: 'warning',
          routed_role: 'technicalOwner',
        });
        // One session for all three polls.
        expect(
          requests.filter(r => r.startsWith('POST /api/users/_login')),
        ).toHaveLength(1);
      } finally {
        await backend.stop();
        server.close();
      }
    });
  },
);
