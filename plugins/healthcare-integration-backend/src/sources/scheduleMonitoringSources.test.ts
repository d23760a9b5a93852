import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { MonitoringSource } from '@hcig/backstage-plugin-healthcare-integration-node';
import { migrationsDir } from '../database/migrations';
import {
  monitoringSourceTaskId,
  scheduleMonitoringSources,
} from './scheduleMonitoringSources';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const source = (
  id: string,
  poll: MonitoringSource['poll'] = async () => {},
): MonitoringSource => ({
  id,
  schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
  poll,
});

async function setUp() {
  const db = await databases.init('SQLITE_3');
  await db.migrate.latest({ directory: migrationsDir });
  const tasks = new Map<string, () => Promise<void>>();
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.set(task.id, task.fn as () => Promise<void>);
    },
  });
  return { db, tasks, scheduler, logger: mockServices.logger.mock() };
}

describe('scheduleMonitoringSources', () => {
  it('refuses two sources with one id, and ids that cannot name a task', async () => {
    const { db, scheduler, logger } = await setUp();
    const ingest = jest.fn();
    await expect(
      scheduleMonitoringSources({
        sources: [source('mirth:prod'), source('mirth:prod')],
        scheduler,
        db,
        logger,
        ingest,
      }),
    ).rejects.toThrow('Two monitoring sources have the id "mirth:prod"');
    await expect(
      scheduleMonitoringSources({
        sources: [source('has space')],
        scheduler,
        db,
        logger,
        ingest,
      }),
    ).rejects.toThrow('Monitoring source id "has space" must be');
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('hands each poll ingest and its own state, and a failing poll does not stop the schedule', async () => {
    const { db, tasks, scheduler, logger } = await setUp();
    const ingest = jest.fn(async () => ({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    }));
    let fail = true;
    const seen: unknown[] = [];
    await scheduleMonitoringSources({
      sources: [
        source('a', async ({ state, ingest: send }) => {
          seen.push(await state.get('counter'));
          await state.set('counter', { n: seen.length });
          await send([]);
        }),
        source('b', async ({ state }) => {
          seen.push(`b saw ${JSON.stringify(await state.get('counter'))}`);
          if (fail) throw new Error('engine unreachable');
        }),
      ],
      scheduler,
      db,
      logger,
      ingest,
      clock: () => new Date('2026-12-01T12:00:00.000Z'),
    });
    await tasks.get(monitoringSourceTaskId('a'))!();
    await tasks.get(monitoringSourceTaskId('a'))!();
    await tasks.get(monitoringSourceTaskId('b'))!();
    expect(seen).toEqual([undefined, { n: 1 }, 'b saw undefined']);
    expect(ingest).toHaveBeenCalledTimes(2);
    expect(logger.child).toHaveBeenCalledWith({ monitoringSource: 'b' });
    expect(
      await db('hip_monitoring_source_state').where({ source_id: 'a' }),
    ).toEqual([
      expect.objectContaining({
        state_key: 'counter',
        value: '{"n":2}',
        updated_at: '2026-12-01T12:00:00.000Z',
      }),
    ]);
    fail = false;
    await expect(tasks.get(monitoringSourceTaskId('b'))!()).resolves.toBe(
      undefined,
    );
  });
});
