import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
// A module's test runs it inside the plugin it extends, as a backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import healthcareIntegrationPlugin from '@hcig/backstage-plugin-healthcare-integration-backend';
import {
  USERS,
  intake,
} from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';
import catalogModuleHealthcareIntegration from './index';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../catalog/all.yaml');

async function eventually<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  ms = 60_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/**
 * The real catalog with this module and the governance plugin, loading the example catalog
 * from disk: Git-style entities are validated and related, intake records are published, and
 * a record whose entity is in the example files is left to them.
 */
describe('catalogModuleHealthcareIntegration in a backend', () => {
  it('publishes intake records next to the example catalog', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleHealthcareIntegration,
        healthcareIntegrationPlugin,
        // Each plugin gets its own in-memory database (one shared knex would race on the
        // migration lock). The real scheduler, so the provider's refresh repeats as in production.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [{ type: 'file', target: examples }],
            },
            healthcareIntegration: { catalogProvider: { frequencySeconds: 1 } },
          },
        }),
      ],
    });
    const asUser = (ref: string) => mockCredentials.user.header(ref);
    const catalogEntity = async (name: string) => {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('Authorization', asUser(USERS.requester));
      return res.status === 200 ? res.body : undefined;
    };

    // The Git-style example loads, passes validation and gets its data-flow relations.
    const labOrders = await eventually(async () => {
      const e = await catalogEntity('ehr-lab-orders');
      return e?.relations?.some((r: any) => r.type === 'sendsDataTo')
        ? e
        : undefined;
    }, 'ehr-lab-orders with relations');
    expect(labOrders.relations).toEqual(
      expect.arrayContaining([
        { type: 'sendsDataTo', targetRef: 'component:default/sunquest-lis' },
        { type: 'receivesDataFrom', targetRef: 'component:default/epic-ehr' },
        { type: 'ownedBy', targetRef: 'group:default/integration-engineering' },
      ]),
    );

    // An invalid integration is refused by the catalog's processing, with the field named.
    const example = YAML.parse(
      readFileSync(
        resolve(examples, '../integrations/ehr-lab-orders.yaml'),
        'utf8',
      ),
    );
    delete example.spec.healthcare.roles.securityReviewer;
    const validation = await request(server)
      .post('/api/catalog/validate-entity')
      .set('Authorization', asUser(USERS.requester))
      .send({
        entity: example,
        location: 'url:https://git.example.org/catalog-info.yaml',
      });
    expect(validation.status).toBe(400);
    expect(JSON.stringify(validation.body)).toContain(
      'Component ehr-lab-orders: spec.healthcare.roles.securityReviewer is required',
    );

    // A record created through intake appears as a Component with no Git file at all.
    const created = await request(server)
      .post('/api/healthcare-integration/integrations')
      .set('Authorization', asUser(USERS.requester))
      .send(intake('bed-board-feed'));
    expect(created.status).toBe(201);
    const published = await eventually(
      () => catalogEntity('bed-board-feed'),
      'bed-board-feed',
    );
    expect(
      published.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe('healthcare-integration:records');
    expect(published.spec.healthcare.sourceSystem).toBe(
      'component:default/epic-ehr',
    );

    // A record for an entity the example files define stays owned by those files.
    const twin = await request(server)
      .post('/api/healthcare-integration/integrations')
      .set('Authorization', asUser(USERS.requester))
      .send(intake('pharmacy-orders'));
    expect(twin.status).toBe(201);
    // Any provider run that publishes a record created after the twin has also seen the twin.
    const marker = await request(server)
      .post('/api/healthcare-integration/integrations')
      .set('Authorization', asUser(USERS.requester))
      .send(intake('marker-feed'));
    expect(marker.status).toBe(201);
    await eventually(() => catalogEntity('marker-feed'), 'marker-feed');
    const pharmacy = await catalogEntity('pharmacy-orders');
    expect(
      pharmacy.metadata.annotations['backstage.io/managed-by-location'],
    ).toMatch(/^file:/);
    expect(pharmacy.metadata.title).toBe('Epic → pharmacy medication orders');
  });
});
