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
  const config = catalogFile
    ? {
        ...harness,
        catalog: {
          rules: [
            { allow: ['Component', 'Group', 'User', 'System', 'Location'] },
          ],
          locations: [{ type: 'file', target: catalogFile }],
          processingInterval: { minutes: 30 },
        },
      }
    : harness;
  const { server } = await startTestBackend({
    features: [
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
    ],
  });
  const address = server.address();
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
