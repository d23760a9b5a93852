import { TestDatabases } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';
import { recordingSignals } from '../testing/notificationKit';
import { ThrottledRecordSignals } from './signals';

jest.setTimeout(60_000);

const REF = 'component:default/live-feed';
const RECORD_CHANNEL = `healthcare-integration:record:${REF}`;
const PORTFOLIO_CHANNEL = 'healthcare-integration:portfolio';

describe('ThrottledRecordSignals', () => {
  it('signals a storm once at once and once at the end of the interval, per channel', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const sent: string[] = [];
      const throttle = new ThrottledRecordSignals(
        { publish: async channel => void sent.push(channel) },
        5_000,
      );
      for (let i = 0; i < 1000; i++) throttle.recordsChanged([REF, REF]);
      expect(sent).toEqual([RECORD_CHANNEL, PORTFOLIO_CHANNEL]);
      jest.advanceTimersByTime(4_999);
      expect(sent).toHaveLength(2);
      jest.advanceTimersByTime(1);
      // The last change of the storm is not lost.
      expect(sent).toEqual([
        RECORD_CHANNEL,
        PORTFOLIO_CHANNEL,
        RECORD_CHANNEL,
        PORTFOLIO_CHANNEL,
      ]);
      // Another record's channel is throttled on its own; the portfolio's still waits.
      throttle.recordsChanged(['component:default/other']);
      expect(sent.slice(4)).toEqual([
        'healthcare-integration:record:component:default/other',
      ]);
      jest.advanceTimersByTime(5_000);
      expect(sent.slice(5)).toEqual([PORTFOLIO_CHANNEL]);
      // Quiet for a whole interval: the next change signals at once again.
      jest.advanceTimersByTime(10_000);
      throttle.recordsChanged([REF]);
      expect(sent.slice(6)).toEqual([RECORD_CHANNEL, PORTFOLIO_CHANNEL]);
      throttle.recordsChanged([]);
      expect(sent).toHaveLength(8);
    } finally {
      jest.useRealTimers();
    }
  });
});

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'live-update signals on %s',
  databaseId => {
    it('signals the record and the portfolio after monitoring events, an acknowledgement and a decision', async () => {
      const signals = recordingSignals();
      const api = await startGovernanceBackend(
        await databases.init(databaseId),
        {
          features: [
            createServiceFactory({
              service: signalsServiceRef,
              deps: {},
              factory: () => signals.service,
            }),
          ],
        },
      );
      requireStatus(
        await api
          .as(USERS.requester)
          .post('/integrations', intake('live-feed')),
        201,
        'intake live-feed',
      );
      const channelsSince = (n: number) =>
        signals.published.slice(n).map(s => s.channel);
      const waitFor = async (n: number, channel: string) => {
        // The acknowledgement follows the events within the throttle's interval (5 s).
        for (let i = 0; i < 80 && !channelsSince(n).includes(channel); i++)
          await new Promise(r => setTimeout(r, 100));
        return channelsSince(n);
      };

      // A clinical mapping exception: routed to the process owner (USERS.clinical).
      const mappingException = {
        integrationRef: REF,
        category: 'clinical',
        kind: 'mapping-exception',
        severity: 'error',
        count: 1,
        occurredAt: new Date().toISOString(),
        source: 'mirth:prod',
        dedupKey: 'live-1',
      };
      let mark = signals.published.length;
      const ingested = await api.asService().post('/monitoring/events', {
        events: [mappingException],
      });
      expect(ingested.body.accepted).toBe(1);
      expect(await waitFor(mark, PORTFOLIO_CHANNEL)).toEqual(
        expect.arrayContaining([RECORD_CHANNEL, PORTFOLIO_CHANNEL]),
      );

      // A duplicate delivery changes nothing a page shows: no signal.
      mark = signals.published.length;
      await api.asService().post('/monitoring/events', {
        events: [mappingException],
      });

      const monitoring = await api
        .as(USERS.requester)
        .get('/integrations/default/live-feed/monitoring');
      const ex = monitoring.body.exceptions[0];
      expect(channelsSince(mark)).toEqual([]);
      requireStatus(
        await api
          .as(USERS.clinical)
          .post(
            `/integrations/default/live-feed/exceptions/${ex.id}/acknowledge`,
            {},
          ),
        200,
        'acknowledge',
      );
      expect(await waitFor(mark, RECORD_CHANNEL)).toContain(RECORD_CHANNEL);

      // An engine mutation (the intake decision) signals without the throttle.
      mark = signals.published.length;
      requireStatus(
        await api
          .as(USERS.business)
          .post('/integrations/default/live-feed/gates/intake/decisions', {
            decision: 'approve',
            comment: 'ok',
          }),
        200,
        'intake decision',
      );
      expect(await waitFor(mark, RECORD_CHANNEL)).toContain(RECORD_CHANNEL);
      expect(
        signals.published.every(
          s =>
            s.recipients.type === 'broadcast' && s.message.type === 'changed',
        ),
      ).toBe(true);
    });
  },
);
