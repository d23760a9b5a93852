import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { readPolicy } from '../config/readPolicy';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { NoticeDispatcher } from './dispatcher';
import { ScheduledNotices, readScheduledNoticeSettings } from './slaCheck';
import {
  SMALL_POLICY,
  recordingNotifications,
  sentOn,
  startNotifyingEngine,
} from '../testing/notificationKit';
import { TOPICS } from './topics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REF = 'component:default/orders-feed';
const LINK = '/catalog/default/component/orders-feed/healthcare-integration';
const person = (ref: string) => ({ ref, isUser: true });
const T0 = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const POLICY = {
  ...SMALL_POLICY,
  sla: {
    dueSoonDays: 1,
    escalation: { afterDaysOverdue: 2, group: 'group:default/hospital-it' },
  },
};

/** A checker as the plugin builds it, on its own dispatcher and notification service. */
function checker(knex: Knex, clock: () => Date) {
  const notifications = recordingNotifications();
  const policy = readPolicy(
    new ConfigReader({ healthcareIntegration: { policy: POLICY } }),
  );
  const dispatcher = new NoticeDispatcher(
    knex,
    notifications.service,
    mockServices.logger.mock(),
    clock,
  );
  return {
    sent: notifications.sent,
    check: new ScheduledNotices(
      knex,
      dispatcher,
      readScheduledNoticeSettings(new ConfigReader({}), policy.policy),
      clock,
    ),
  };
}

describe.each(databases.eachSupportedId())(
  'scheduled notices on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      let now = new Date(T0);
      const clock = () => now;
      const kit = await startNotifyingEngine(knex, clock, { policy: POLICY });
      // The intake review (3-day SLA) is due at T0 + 3 days.
      await kit.engine.create(intake('orders-feed'), person(USERS.requester));
      await kit.settled();
      const at = (ms: number) => {
        now = new Date(T0 + ms);
      };
      return { knex, kit, clock, at };
    }

    it("reminds the approvers before the due date, when overdue (once per window), and escalates after the policy's days", async () => {
      const { knex, kit, clock, at } = await start();
      const { check, sent } = checker(knex, clock);
      const topics = () => sent.map(s => s.payload.topic);

      at(DAY); // due in two days: not yet "due soon" (one day)
      expect(await check.run()).toBe(0);
      at(2 * DAY + 12 * HOUR);
      expect(await check.run()).toBe(1);
      expect(await check.run()).toBe(0);
      expect(sentOn(sent, TOPICS.sla)).toEqual([
        {
          to: [ROLE_HOLDERS.businessOwner],
          exclude: [USERS.requester],
          title: 'Integration orders-feed: Intake review is due 2026-11-27',
          link: `${LINK}?gate=intake`,
        },
      ]);
      expect(sent[0].payload.description).toBe('Waiting for Business owner.');

      at(3 * DAY + HOUR);
      expect(await check.run()).toBe(1);
      at(3 * DAY + 5 * HOUR); // same 24-hour window: no second reminder
      expect(await check.run()).toBe(0);
      at(4 * DAY + HOUR);
      expect(await check.run()).toBe(1);
      expect(topics()).toEqual([TOPICS.sla, TOPICS.sla, TOPICS.sla]);
      expect(sent[1].payload.title).toBe(
        'Integration orders-feed: Intake review is overdue',
      );

      // Two days overdue: escalated, once, to the group the policy names.
      at(5 * DAY + HOUR);
      expect(await check.run()).toBe(2);
      expect(await check.run()).toBe(0);
      expect(sentOn(sent, TOPICS.escalation)).toEqual([
        {
          to: ['group:default/hospital-it'],
          exclude: undefined,
          title:
            'Escalated: Integration orders-feed: Intake review is 2 day(s) overdue',
          link: `${LINK}?gate=intake`,
        },
      ]);

      // Decided: nothing more to remind anyone of.
      await kit.engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'late but fine' },
        person(USERS.business),
      );
      at(7 * DAY);
      expect(await check.run()).toBe(0);
    });

    it('escalates to the holder of a role when the policy names a role', async () => {
      const knex = await databases.init(databaseId);
      let now = new Date(T0);
      const clock = () => now;
      const policy = {
        ...SMALL_POLICY,
        sla: { escalation: { afterDaysOverdue: 0, role: 'processOwner' } },
      };
      const kit = await startNotifyingEngine(knex, clock, { policy });
      await kit.engine.create(intake('orders-feed'), person(USERS.requester));
      const notifications = recordingNotifications();
      const check = new ScheduledNotices(
        knex,
        new NoticeDispatcher(
          knex,
          notifications.service,
          mockServices.logger.mock(),
          clock,
        ),
        readScheduledNoticeSettings(
          new ConfigReader({}),
          readPolicy(new ConfigReader({ healthcareIntegration: { policy } }))
            .policy,
        ),
        clock,
      );
      now = new Date(T0 + 3 * DAY + HOUR);
      await check.run();
      expect(
        sentOn(notifications.sent, TOPICS.escalation).map(n => n.to),
      ).toEqual([[ROLE_HOLDERS.processOwner]]);
    });

    it('tells the uploader and the approvers of the gates it covers that evidence is about to expire', async () => {
      const knex = await databases.init(databaseId);
      let now = new Date(T0);
      const clock = () => now;
      const kit = await startNotifyingEngine(knex, clock);
      await kit.engine.create(
        intake('vendor-feed', { externalVendor: true, vendorName: 'Acme' }),
        person(USERS.requester),
      );
      const baa = await kit.engine.uploadEvidence(
        'component:default/vendor-feed',
        {
          kind: 'baa',
          title: 'BAA',
          contentBase64: Buffer.from('baa').toString('base64'),
          expiresAt: '2026-12-20T00:00:00Z',
        },
        person(USERS.requester),
      );
      const { check, sent } = checker(knex, clock);
      // 26 days ahead: outside the 14-day warning.
      await check.run();
      expect(sentOn(sent, TOPICS.evidenceExpiry)).toEqual([]);
      now = new Date('2026-12-10T00:00:00Z');
      await check.run();
      await check.run();
      expect(sentOn(sent, TOPICS.evidenceExpiry)).toEqual([
        {
          to: [USERS.requester, ROLE_HOLDERS.complianceReviewer],
          exclude: undefined,
          title: 'Integration vendor-feed: BAA expires 2026-12-20',
          link: `/catalog/default/component/vendor-feed/healthcare-integration?evidence=${baa.id}`,
        },
      ]);
    });

    it('two instances racing the same check send each notice once', async () => {
      const { knex, clock, at } = await start();
      const a = checker(knex, clock);
      const b = checker(knex, clock);
      at(5 * DAY + HOUR); // overdue and escalated
      const counts = await Promise.all([a.check.run(), b.check.run()]);
      expect(counts[0] + counts[1]).toBe(2);
      const all = [...a.sent, ...b.sent].map(s => s.payload.topic).sort();
      expect(all).toEqual([TOPICS.sla, TOPICS.escalation].sort());
    });
  },
);
