/* eslint-disable no-console */
// A real backend process for the reliability suite: the plugin on a shared PostgreSQL (or a
// SQLite file), mock auth (mock tokens name the user), and the example organisation in a
// fake catalog. Prints `LISTENING <port>` once it serves.
import knexFactory from 'knex';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
  tracingServiceMock,
} from '@backstage/backend-test-utils/alpha';
import { healthcareIntegrationPlugin } from '../../plugin';
import { HARNESS_CONFIG, HARNESS_ENTITIES } from './org';

function open(connection: string) {
  return connection.startsWith('postgres')
    ? knexFactory({ client: 'pg', connection, pool: { min: 0, max: 10 } })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: connection },
        useNullAsDefault: true,
      });
}

async function main() {
  const connection = process.env.RELIABILITY_DB;
  if (!connection) throw new Error('RELIABILITY_DB must name a database');
  const knex = open(connection);
  // The catalog (benchmark only) gets its own database of the same kind.
  const catalogKnex = process.env.HARNESS_CATALOG_DB
    ? open(process.env.HARNESS_CATALOG_DB)
    : undefined;
  // The benchmark also serves the real catalog, to compare against its by-name endpoint.
  const catalogFile = process.env.HARNESS_CATALOG_FILE;
  // The audit signing key the parent test process generated for all its instances.
  const harness = process.env.HARNESS_SIGNING_KEY
    ? {
        ...HARNESS_CONFIG,
        healthcareIntegration: {
          ...HARNESS_CONFIG.healthcareIntegration,
          audit: { signing: { privateKey: process.env.HARNESS_SIGNING_KEY } },
        },
      }
    : HARNESS_CONFIG;
  // A fixed port when asked (the benchmark's range); otherwise any free one, as the tests use.
  const port = process.env.HARNESS_PORT
    ? Number(process.env.HARNESS_PORT)
    : undefined;
  const listening = port
    ? {
        ...harness,
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
        },
      }
    : harness;
  const config = catalogFile
    ? {
        ...listening,
        catalog: {
          rules: [
            { allow: ['Component', 'Group', 'User', 'System', 'Location'] },
          ],
          locations: [{ type: 'file', target: catalogFile }],
          processingInterval: { minutes: 30 },
        },
      }
    : listening;
  const features = [
    ...(catalogFile ? [import('@backstage/plugin-catalog-backend')] : []),
    healthcareIntegrationPlugin,
    createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => ({
        getClient: async () =>
          plugin.getId() === 'catalog' && catalogKnex ? catalogKnex : knex,
      }),
    }),
    mockServices.rootConfig.factory({ data: config }),
    catalogServiceMock.factory({ entities: HARNESS_ENTITIES }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
  ];
  if (port) {
    // startTestBackend always listens on a free port; for a fixed one the default backend
    // serves, with the same mock services as the test backend.
    const backend = createBackend();
    for (const feature of [
      ...features,
      mockServices.auth.factory(),
      mockServices.userInfo.factory(),
      mockServices.permissions.factory(),
      mockServices.rootLogger.factory(),
      mockServices.logger.factory(),
      mockServices.scheduler.factory(),
      mockServices.events.factory(),
      actionsRegistryServiceMock.factory(),
      actionsServiceMock.factory(),
      metricsServiceMock.factory(),
      tracingServiceMock.factory(),
    ])
      backend.add(feature);
    await backend.start();
    console.log(`LISTENING ${port}`);
    return;
  }
  const backend = await startTestBackend({ features });
  const address = backend.server.address();
  console.log(
    `LISTENING ${
      typeof address === 'object' && address ? address.port : address
    }`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
