import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { migrationsDir } from '../database/migrations';
import { ExceptionNotifier } from './ExceptionNotifier';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('ExceptionNotifier', () => {
  it('sends one notification for a storm, with the count, then again after the window', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    await knex('hip_exceptions').insert({
      id: 'ex-1',
      entity_ref: 'component:default/lab-orders',
      category: 'technical',
      kind: 'failed-message',
      severity: 'critical',
      status: 'open',
      count: 1,
      routed_role: 'technicalOwner',
      routed_to: 'group:default/integration-engineering',
      first_seen_at: '2026-11-24T10:00:00.000Z',
      last_seen_at: '2026-11-24T10:00:00.000Z',
      notified_count: 0,
      open_key: 'k',
    });
    const send = jest.fn().mockResolvedValue(undefined);
    let now = new Date('2026-11-24T10:00:00Z');
    const notifier = new ExceptionNotifier(
      knex,
      { send },
      60,
      mockServices.logger.mock(),
      () => now,
    );

    for (let i = 0; i < 1000; i++) {
      await knex('hip_exceptions').where({ id: 'ex-1' }).increment('count', 1);
      if (i % 100 === 0) await notifier.notifyDue(['ex-1']);
    }
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: 'group:default/integration-engineering',
      },
      payload: {
        title: 'lab-orders: failed-message (technical)',
        severity: 'critical',
        // The path the app mounts the tab at (packages/app EntityPage, the /alpha entity
        // content), and which exception the tab opens at.
        link: '/catalog/default/component/lab-orders/healthcare-integration?exception=ex-1',
      },
    });

    now = new Date('2026-11-24T11:00:01Z');
    await notifier.notifyDue(['ex-1']);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0].payload.description).toMatch(
      /^1001 occurrence\(s\), 999 since the last notice/,
    );
  });
});
