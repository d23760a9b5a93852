import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { migrationsDir } from '../database/migrations';
import { recordingNotifications, sentOn } from '../testing/notificationKit';
import { NoticeDispatcher } from './dispatcher';
import type { Notice } from './notice';
import { TOPICS } from './topics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REVIEWER = 'user:default/sam.okafor';
const OFFICE = 'group:default/compliance-office';

/** A gate notice as the commit rules build one: one per gate, each with its own claim key. */
const gateNotice = (gate: string, recipients: string[]): Notice => ({
  rule: 'gate-actionable',
  key: `gate-actionable:component:default/lab-feed:${gate}:1`,
  entityRef: 'component:default/lab-feed',
  recipients,
  exclude: [],
  payload: {
    title: `Integration lab-feed: ${gate} is waiting for your review`,
    link: `/catalog/default/component/lab-feed/healthcare-integration?gate=${gate}`,
    topic: TOPICS.gateActionable,
    scope: `gate:component:default/lab-feed:${gate}`,
  },
});

describe.each(databases.eachSupportedId())(
  'the per-recipient hourly cap on %s',
  databaseId => {
    it('sends a recipient at most the cap in an hour, then one digest, and again after the hour', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      let now = new Date('2026-11-24T12:00:00Z');
      const notifications = recordingNotifications();
      const dispatcher = new NoticeDispatcher(
        knex,
        notifications.service,
        mockServices.logger.mock(),
        () => now,
        undefined,
        3,
      );
      const tick = (minutes: number) => {
        now = new Date(now.getTime() + minutes * 60_000);
      };

      // A bulk change reopens five gates for the reviewer, one minute apart.
      for (const gate of ['g1', 'g2', 'g3', 'g4', 'g5']) {
        await dispatcher.dispatch([gateNotice(gate, [REVIEWER])]);
        tick(1);
      }
      expect(
        sentOn(notifications.sent, TOPICS.gateActionable).map(n => n.link),
      ).toEqual(['g1', 'g2', 'g3'].map(g => expect.stringContaining(g)));
      const digests = sentOn(notifications.sent, TOPICS.digest);
      expect(digests).toHaveLength(2);
      expect(digests[0]).toMatchObject({
        to: [REVIEWER],
        link: '/healthcare-integration/inbox',
      });
      // One entry in the reviewer's list: the service updates a notice of the same scope.
      expect(
        new Set(
          notifications.sent
            .filter(s => s.payload.topic === TOPICS.digest)
            .map(s => s.payload.scope),
        ).size,
      ).toBe(1);

      // A notice for the reviewer and a group: the group, under its cap, still gets it.
      await dispatcher.dispatch([gateNotice('g6', [REVIEWER, OFFICE])]);
      const last = notifications.sent.slice(-2);
      expect(last.map(s => [s.payload.topic, s.recipients])).toEqual([
        [TOPICS.gateActionable, { type: 'entity', entityRef: [OFFICE] }],
        [TOPICS.digest, { type: 'entity', entityRef: [REVIEWER] }],
      ]);
      // A notice already claimed is not sent again, capped or not.
      const before = notifications.sent.length;
      await dispatcher.dispatch([gateNotice('g6', [REVIEWER, OFFICE])]);
      expect(notifications.sent).toHaveLength(before);

      // An hour after the first three, the reviewer is told directly again.
      tick(60);
      await dispatcher.dispatch([gateNotice('g7', [REVIEWER])]);
      expect(notifications.sent.at(-1)).toMatchObject({
        recipients: { entityRef: [REVIEWER] },
        payload: { topic: TOPICS.gateActionable },
      });
      // Sends older than the window are forgotten, so the table stays small.
      const rows = await knex('hip_notification_sends').where({
        recipient: REVIEWER,
      });
      expect(rows).toHaveLength(1);
    });
  },
);
