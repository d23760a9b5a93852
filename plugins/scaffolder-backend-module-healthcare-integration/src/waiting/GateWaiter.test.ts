import { mockServices } from '@backstage/backend-test-utils';
import { gate } from '../testing/fixtures';
import { GateWaitTimeoutError, PollingGateWaiter } from './GateWaiter';

describe('PollingGateWaiter (real timers)', () => {
  it('polls until approved', async () => {
    let polls = 0;
    const waiter = new PollingGateWaiter({
      fetchGates: async () => [
        gate('intake', ++polls < 3 ? 'pending' : 'approved'),
      ],
      minIntervalMs: 1,
    });
    const result = await waiter.waitFor('component:default/x', ['intake'], {
      timeoutMs: 5_000,
      pollIntervalMs: 10,
      logger: mockServices.logger.mock(),
    });
    expect(result.polls).toBe(3);
    expect(result.statuses).toEqual({ intake: 'approved' });
  });

  it('times out', async () => {
    const waiter = new PollingGateWaiter({
      fetchGates: async () => [gate('intake', 'pending')],
      minIntervalMs: 1,
    });
    await expect(
      waiter.waitFor('component:default/x', ['intake'], {
        timeoutMs: 50,
        pollIntervalMs: 10,
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toBeInstanceOf(GateWaitTimeoutError);
  });

  it('stops when the task is cancelled', async () => {
    const controller = new AbortController();
    const waiter = new PollingGateWaiter({
      fetchGates: async () => [gate('intake', 'pending')],
      minIntervalMs: 1,
    });
    const waiting = waiter.waitFor('component:default/x', ['intake'], {
      timeoutMs: 60_000,
      pollIntervalMs: 1_000,
      logger: mockServices.logger.mock(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow('Waiting for gates was cancelled');
  });

  it('never polls faster than the floor', async () => {
    const sleeps: number[] = [];
    let now = 0;
    let polls = 0;
    const waiter = new PollingGateWaiter({
      fetchGates: async () => [
        gate('intake', ++polls < 3 ? 'pending' : 'approved'),
      ],
      clock: {
        now: () => now,
        sleep: async ms => {
          sleeps.push(ms);
          now += ms;
        },
      },
    });
    await waiter.waitFor('component:default/x', ['intake'], {
      timeoutMs: 60_000,
      pollIntervalMs: 100,
      logger: mockServices.logger.mock(),
    });
    expect(sleeps).toEqual([5_000, 7_500]);
  });
});
