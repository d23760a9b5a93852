/* eslint-disable no-console */
// A real backend process for the reliability suite: the plugin on a shared PostgreSQL (or a
// SQLite file), mock auth (mock tokens name the user), and the example organisation in a
// fake catalog. Prints `LISTENING <port>` once it serves.
import knexFactory from 'knex';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { healthcareIntegrationPlugin } from '../../plugin';
import { HARNESS_CONFIG, HARNESS_ENTITIES } from './org';

async function main() {
  const connection = process.env.RELIABILITY_DB;
  if (!connection) throw new Error('RELIABILITY_DB must name a database');
  const knex = connection.startsWith('postgres')
    ? knexFactory({ client: 'pg', connection, pool: { min: 0, max: 10 } })
    : knexFactory({ client: 'better-sqlite3', connection: { filename: connection }, useNullAsDefault: true });
  const { server } = await startTestBackend({
    features: [
      healthcareIntegrationPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: HARNESS_CONFIG }),
      catalogServiceMock.factory({ entities: HARNESS_ENTITIES }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  const address = server.address();
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : address}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
