import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { readPolicy } from '../../config/readPolicy';
import { AuditLog } from '../../database/AuditLog';
import { migrationsDir } from '../../database/migrations';
import { GovernanceEngine } from '../../engine/GovernanceEngine';
import { RoleResolver } from '../../engine/RoleResolver';
import { CATALOG_ENTITIES, USERS, intake } from '../../testing/fixtures';
import { ExceptionNotifier } from '../ExceptionNotifier';
import { MonitoringService } from '../MonitoringService';
import { MirthClient, parseChannelStatistics } from './MirthClient';
import { MIRTH_CHANNEL_ANNOTATION, MirthPoller } from './MirthPoller';

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

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('MirthPoller', () => {
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

  it('turns errored and queued deltas into events, once per change', async () => {
    const stats = { error: 4, queued: 0 };
    const { server, requests } = fakeMirth(stats);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    try {
      const knex = await databases.init('SQLITE_3');
      await knex.migrate.latest({ directory: migrationsDir });
      const entities = [
        ...CATALOG_ENTITIES,
        {
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
        },
      ];
      const catalog = catalogServiceMock({ entities });
      const policy = readPolicy(new ConfigReader({}));
      const roles = new RoleResolver(catalog, mockServices.auth());
      const governance = new GovernanceEngine(
        knex,
        policy,
        roles,
        new AuditLog(knex),
      );
      const monitoring = new MonitoringService(
        knex,
        policy,
        governance,
        roles,
        new ExceptionNotifier(knex, undefined, 60, mockServices.logger.mock()),
      );
      await governance.create(intake('lab-orders'), {
        ref: USERS.requester,
        isUser: true,
      });
      const engine = {
        id: 'prod',
        baseUrl,
        username: 'admin',
        password: 'secret',
      };
      const poller = new MirthPoller(
        engine,
        new MirthClient(engine),
        knex,
        monitoring,
        catalog,
        mockServices.auth(),
        mockServices.logger.mock(),
      );

      expect(await poller.poll()).toMatchObject({ accepted: 1 });
      const failed = () =>
        knex('hip_exceptions').where({ kind: 'failed-message' }).first();
      expect(Number((await failed()).count)).toBe(4);

      expect(await poller.poll()).toMatchObject({ accepted: 0 });
      stats.error = 7;
      stats.queued = 12;
      expect(await poller.poll()).toMatchObject({ accepted: 2 });
      expect(Number((await failed()).count)).toBe(7);
      const queue = await knex('hip_exceptions')
        .where({ kind: 'queue-delay' })
        .first();
      expect(queue).toMatchObject({
        severity: 'warning',
        routed_role: 'technicalOwner',
      });
      expect(
        requests.filter(r => r.startsWith('POST /api/users/_login')),
      ).toHaveLength(1);
    } finally {
      server.close();
    }
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
