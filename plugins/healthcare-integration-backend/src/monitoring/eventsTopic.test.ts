import request from 'supertest';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MONITORING_TOPIC, healthcareIntegrationPlugin } from '../plugin';
import { CATALOG_ENTITIES, USERS, intake } from '../testing/fixtures';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe(`events service topic ${MONITORING_TOPIC}`, () => {
  it('ingests events published by other plugins', async () => {
    const knex = await databases.init('SQLITE_3');
    const events = mockServices.events.mock();
    const { server } = await startTestBackend({
      features: [
        healthcareIntegrationPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: CATALOG_ENTITIES }),
        events.factory,
      ],
    });
    const auth = mockCredentials.user.header(USERS.requester);
    await request(server)
      .post('/api/healthcare-integration/integrations')
      .set('Authorization', auth)
      .send(intake('topic-feed'));
    expect(events.subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ topics: [MONITORING_TOPIC] }),
    );
    const { onEvent } = events.subscribe.mock.calls[0][0];
    await onEvent({
      topic: MONITORING_TOPIC,
      eventPayload: {
        events: [
          {
            integrationRef: 'topic-feed',
            category: 'clinical',
            kind: 'manual-override',
            severity: 'warning',
            occurredAt: '2026-11-24T10:00:00Z',
            source: 'rhapsody',
            dedupKey: 'rh-1',
          },
        ],
      },
    });
    const summary = await request(server)
      .get(
        '/api/healthcare-integration/integrations/default/topic-feed/monitoring',
      )
      .set('Authorization', auth);
    expect(summary.body.exceptions).toEqual([
      expect.objectContaining({
        kind: 'manual-override',
        routedRole: 'processOwner',
        count: 1,
      }),
    ]);
  });
});
