import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { Gate } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  errorBody,
  expectedOnBehalfOfHeader,
  startFakeBackend,
} from '../testing/fakeBackend';
import { gate, statusOf } from '../testing/fixtures';
import type { WaitClock } from '../waiting/GateWaiter';
import { waitForGatesAction } from './waitForGates';

const REF = 'component:default/ehr-lab-orders';
const STATUS_PATH = 'GET /integrations/default/ehr-lab-orders';

/** A clock whose sleep returns at once and moves time forward, so no test really waits. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: WaitClock = {
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

describe('healthcare:gates:wait', () => {
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  /** Serves one set of gates per poll, repeating the last. */
  function serveSequence(...polls: Gate[][]) {
    let i = 0;
    backend.on(STATUS_PATH, () => ({
      body: statusOf(REF, polls[Math.min(i++, polls.length - 1)]),
    }));
  }

  it('succeeds once the gates are approved after several polls, logging each poll, with backoff', async () => {
    serveSequence(
      [gate('intake', 'pending'), gate('security-review', 'pending')],
      [
        gate('intake', 'in-review', { blockers: ['missing evidence: baa'] }),
        gate('security-review', 'approved'),
      ],
      [gate('intake', 'waived'), gate('security-review', 'approved')],
    );
    const { clock, sleeps } = fakeClock();
    const logger = mockServices.logger.mock();
    const action = waitForGatesAction({ ...backend.services(), clock });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'ehr-lab-orders',
        gateIds: ['intake', 'security-review'],
        pollIntervalSeconds: 10,
      },
      logger,
    });
    await action.handler(ctx);

    expect(backend.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      STATUS_PATH,
      STATUS_PATH,
      STATUS_PATH,
    ]);
    for (const r of backend.requests)
      expect(r.headers.authorization).toBe(expectedOnBehalfOfHeader());
    expect(sleeps).toEqual([10_000, 15_000]);
    expect(ctx.output).toHaveBeenCalledWith('statuses', {
      intake: 'waived',
      'security-review': 'approved',
    });
    expect(ctx.output).toHaveBeenCalledWith('waitedSeconds', 25);
    const lines = logger.info.mock.calls.map(c => c[0]);
    expect(lines).toContain(
      'Poll 1: waiting for intake (pending), security-review (pending); elapsed 0s, remaining 30m 0s, next check in 10s',
    );
    expect(lines).toContain(
      'Poll 2: waiting for intake (in-review; blocked: missing evidence: baa); elapsed 10s, remaining 29m 50s, next check in 15s',
    );
  });

  it('fails when a gate is rejected, naming who and why', async () => {
    serveSequence(
      [gate('intake', 'pending')],
      [
        gate('intake', 'rejected', {
          decisions: [
            {
              role: 'businessOwner',
              decidedBy: 'user:default/chris.nguyen',
              decidedAt: '2026-01-02T00:00:00.000Z',
              decision: 'reject',
              comment: 'No business case for a second feed',
              profileRevision: 1,
              evidenceDigest: 'd',
              stale: false,
            },
          ],
        }),
      ],
    );
    const { clock } = fakeClock();
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { entityRef: REF, gateIds: ['intake'] },
      logger,
    });
    await expect(
      waitForGatesAction({ ...backend.services(), clock }).handler(ctx),
    ).rejects.toThrow(
      "Gate 'intake' (intake title) was rejected by user:default/chris.nguyen: No business case for a second feed on component:default/ehr-lab-orders",
    );
    expect(backend.requests).toHaveLength(2);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('was rejected'),
    );
  });

  it('fails at the timeout, naming the gates still open, after a bounded number of polls', async () => {
    serveSequence([gate('intake', 'in-review')]);
    const { clock, sleeps } = fakeClock();
    const ctx = createMockActionContext({
      input: {
        entityRef: REF,
        gateIds: ['intake'],
        timeoutMinutes: 1,
        pollIntervalSeconds: 5,
      },
    });
    await expect(
      waitForGatesAction({ ...backend.services(), clock }).handler(ctx),
    ).rejects.toThrow(
      'Timed out after 1m 0s waiting for gates on component:default/ehr-lab-orders; still open: intake (in-review)',
    );
    // 5 s growing by 1.5x, the last pause cut to end exactly at the deadline.
    expect(sleeps).toEqual([5000, 7500, 11250, 16875, 19375]);
    expect(backend.requests).toHaveLength(6);
  });

  it('keeps the original deadline when a recovered task resumes the step', async () => {
    serveSequence([gate('intake', 'pending')]);
    const { clock, sleeps } = fakeClock();
    // The checkpoint stored at the first run says the wait began 29 minutes ago.
    const startedAt = clock.now() - 29 * 60_000;
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: REF, gateIds: ['intake'], pollIntervalSeconds: 60 },
      }),
      checkpoint: async () => startedAt as any,
    };
    await expect(
      waitForGatesAction({ ...backend.services(), clock }).handler(ctx),
    ).rejects.toThrow('Timed out after 30m 0s');
    expect(sleeps).toEqual([60_000]);
  });

  it('fails at once for a gate the record does not have', async () => {
    serveSequence([gate('intake', 'pending')]);
    const ctx = createMockActionContext({
      input: { entityRef: REF, gateIds: ['intake', 'go-live-typo'] },
    });
    await expect(
      waitForGatesAction({
        ...backend.services(),
        clock: fakeClock().clock,
      }).handler(ctx),
    ).rejects.toThrow(
      "Gate 'go-live-typo' does not exist on component:default/ehr-lab-orders; its gates are: intake",
    );
  });

  it('rides out a transient 503 but stops on a 404', async () => {
    let calls = 0;
    backend.on(STATUS_PATH, () =>
      ++calls === 1
        ? {
            status: 503,
            body: errorBody(503, 'ServiceUnavailableError', 'restarting'),
          }
        : { body: statusOf(REF, [gate('intake', 'approved')]) },
    );
    const { clock } = fakeClock();
    const ctx = createMockActionContext({
      input: { entityRef: REF, gateIds: ['intake'] },
    });
    await waitForGatesAction({ ...backend.services(), clock }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('statuses', { intake: 'approved' });

    const missing = createMockActionContext({
      input: { entityRef: 'component:default/nope', gateIds: ['intake'] },
    });
    await expect(
      waitForGatesAction({ ...backend.services(), clock }).handler(missing),
    ).rejects.toThrow(
      'Reading the governance status of component:default/nope failed: No route GET /integrations/default/nope (HTTP 404)',
    );
  });

  it('makes no call in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: REF, gateIds: ['intake'] },
      }),
      isDryRun: true,
    };
    await waitForGatesAction(backend.services()).handler(ctx);
    expect(backend.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('statuses', { intake: 'approved' });
  });
});
