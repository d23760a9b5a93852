import { TestDatabases } from '@backstage/backend-test-utils';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { NOTIFIER_ACTOR } from './changeNotices';
import { SMALL_POLICY, startNotifyingEngine } from '../testing/notificationKit';
import { TOPICS } from './topics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REF = 'component:default/orders-feed';
const person = (ref: string) => ({ ref, isUser: true });
const OWNERS = [ROLE_HOLDERS.businessOwner, ROLE_HOLDERS.technicalOwner];

describe.each(databases.eachSupportedId())(
  'change-request notices on %s',
  databaseId => {
    it('tells the notify list and the owners at each step, and records each send on the change and in the chain', async () => {
      const knex = await databases.init(databaseId);
      let now = new Date('2026-11-24T12:00:00Z');
      const kit = await startNotifyingEngine(
        knex,
        () => {
          now = new Date(now.getTime() + 60_000);
          return now;
        },
        { policy: SMALL_POLICY },
      );
      const { engine } = kit;
      await engine.create(intake('orders-feed'), person(USERS.requester));
      await engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
      for (const to of ['design', 'build', 'test', 'ready', 'live'])
        await engine.moveStage(REF, { to }, person(USERS.requester));
      const opened = await engine.openChangeRequest(
        REF,
        {
          type: 'new-field',
          summary: 'Add ethnicity',
          impactAssessment: 'Adds PID-22',
          notify: ['user:default/jordan.lee', 'group:default/it-support'],
        },
        person(USERS.requester),
      );
      const id = opened.changeRequests[0].id;
      const move = (to: string, who: string) =>
        engine.moveChangeRequest(REF, id, { to }, person(who));
      await move('authorise', USERS.requester);
      await engine.decide(
        REF,
        'change-control',
        { decision: 'approve', comment: 'go' },
        person(USERS.business),
      );
      await move('implement', USERS.requester);
      await move('review', USERS.requester);
      await move('closed', USERS.requester);
      await kit.settled();

      const recipients = [
        'user:default/jordan.lee',
        'group:default/it-support',
        ...OWNERS,
      ];
      const changeSends = kit.sent.filter(
        s => s.payload.topic === TOPICS.changeRequest,
      );
      // Moving to "authorise" asks for authorisation (the change-control gate tells its
      // approvers); the notify list hears of opening, authorisation, implementation, closing.
      expect(changeSends.map(s => s.payload.title)).toEqual([
        'Integration orders-feed: normal change opened',
        'Integration orders-feed: normal change authorised',
        'Integration orders-feed: normal change implemented',
        'Integration orders-feed: normal change closed',
      ]);
      // The change type by its name, as the tab shows it, not its slug.
      expect(changeSends[0].payload.description).toMatch(
        /\(New field, by Priya Patel\)$/,
      );
      for (const s of changeSends) {
        expect(s.recipients).toEqual({
          type: 'entity',
          entityRef: recipients,
          excludeEntityRef: [USERS.requester],
        });
        expect(s.payload.link).toBe(
          `/catalog/default/component/orders-feed/healthcare-integration?change=${id}`,
        );
      }

      const status = await engine.getStatus(REF);
      const change = status.changeRequests.find(c => c.id === id)!;
      expect(
        change.notifications.map(n => [n.event, n.outcome, n.recipients]),
      ).toEqual([
        ['opened', 'sent', recipients],
        ['authorised', 'sent', recipients],
        ['implemented', 'sent', recipients],
        ['closed', 'sent', recipients],
      ]);
      const notified = (await engine.readAudit(REF)).filter(
        e => e.action === 'change.notified',
      );
      expect(
        notified.map(e => [
          e.actor,
          e.subject,
          e.payload.event,
          e.payload.topic,
        ]),
      ).toEqual(
        ['opened', 'authorised', 'implemented', 'closed'].map(event => [
          NOTIFIER_ACTOR,
          id,
          event,
          TOPICS.changeRequest,
        ]),
      );
      const verification = await engine.verifyAudit(REF);
      expect(verification.ok).toBe(true);
    });

    it('records a send that failed as failed', async () => {
      const knex = await databases.init(databaseId);
      const kit = await startNotifyingEngine(
        knex,
        () => new Date('2026-11-24T12:00:00Z'),
        { policy: SMALL_POLICY, failingSends: true },
      );
      await kit.engine.create(intake('orders-feed'), person(USERS.requester));
      await kit.engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
      for (const to of ['design', 'build', 'test', 'ready', 'live'])
        await kit.engine.moveStage(REF, { to }, person(USERS.requester));
      await kit.engine.openChangeRequest(
        REF,
        {
          type: 'new-field',
          summary: 'Add ethnicity',
          impactAssessment: 'Adds PID-22',
          notify: ['user:default/jordan.lee'],
        },
        person(USERS.requester),
      );
      await kit.settled();
      const [change] = (await kit.engine.getStatus(REF)).changeRequests;
      expect(change.notifications.map(n => [n.event, n.outcome])).toEqual([
        ['opened', 'failed'],
      ]);
      expect((await kit.engine.verifyAudit(REF)).ok).toBe(true);
    });
  },
);
