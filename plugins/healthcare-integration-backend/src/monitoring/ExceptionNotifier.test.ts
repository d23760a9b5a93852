import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { migrationsDir } from '../database/migrations';
import { ExceptionNotifier } from './ExceptionNotifier';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const everyDatabase = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const exception = (id: string, entity: string) => ({
  id,
  entity_ref: `component:default/${entity}`,
  category: 'technical',
  kind: 'failed-message',
  severity: 'error',
  status: 'open',
  count: 3,
  routed_role: 'technicalOwner',
  routed_to: 'group:default/integration-engineering',
  first_seen_at: '2026-11-24T10:00:00.000Z',
  last_seen_at: '2026-11-24T10:00:00.000Z',
  notified_count: 0,
  open_key: `k-${id}`,
});

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

  it.each(everyDatabase.eachSupportedId())(
    'two instances notifying the same batch send each exception once (%p)',
    async databaseId => {
      const knex = await everyDatabase.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const ids = Array.from({ length: 600 }, (_, i) => `ex-${i}`);
      for (let i = 0; i < ids.length; i += 100)
        await knex('hip_exceptions').insert(
          ids.slice(i, i + 100).map(id => exception(id, `lab-${id}`)),
        );
      // One already notified inside the window, one resolved: neither is due.
      await knex('hip_exceptions')
        .where({ id: 'ex-0' })
        .update({ notified_at: '2026-11-24T09:59:00.000Z', notified_count: 3 });
      await knex('hip_exceptions')
        .where({ id: 'ex-1' })
        .update({ status: 'resolved' });
      const now = () => new Date('2026-11-24T10:00:00Z');
      const sendA = jest.fn().mockResolvedValue(undefined);
      const sendB = jest.fn().mockResolvedValue(undefined);
      const a = new ExceptionNotifier(
        knex,
        { send: sendA },
        60,
        mockServices.logger.mock(),
        now,
      );
      const b = new ExceptionNotifier(
        knex,
        { send: sendB },
        60,
        mockServices.logger.mock(),
        now,
      );

      const [sentA, sentB] = await Promise.all([
        a.notifyDue(ids),
        b.notifyDue(ids),
      ]);

      expect(sentA + sentB).toBe(598);
      const scopes = [...sendA.mock.calls, ...sendB.mock.calls].map(
        c => c[0].payload.scope,
      );
      expect(new Set(scopes).size).toBe(598);
      expect(scopes).not.toContain('ex-0');
      expect(scopes).not.toContain('ex-1');
      const row = await knex('hip_exceptions').where({ id: 'ex-599' }).first();
      expect(row.notified_at).toBe('2026-11-24T10:00:00.000Z');
      expect(Number(row.notified_count)).toBe(3);
    },
  );
});
