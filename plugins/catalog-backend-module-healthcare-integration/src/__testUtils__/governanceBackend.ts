import type { Knex } from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A module's test runs it inside the plugin it extends, as a backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import healthcareIntegrationPlugin, {
  generateSigningKey,
} from '@hcig/backstage-plugin-healthcare-integration-backend';
import { CATALOG_ENTITIES } from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';

/** The governance backend on its own, as the entity provider reaches it over HTTP. */
export async function startGovernanceBackend(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      healthcareIntegrationPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          healthcareIntegration: {
            audit: {
              signing: { privateKey: generateSigningKey().privateKeyPem },
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities: CATALOG_ENTITIES }),
    ],
  });
  return {
    server,
    as: (userRef: string) => ({
      post: (path: string, body: object) =>
        request(server)
          .post(`/api/healthcare-integration${path}`)
          .set('Authorization', mockCredentials.user.header(userRef))
          .send(body),
    }),
  };
}
