import { TestDatabases } from '@backstage/backend-test-utils';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { PORTFOLIO_CHANNEL, recordChannel } from './signals';
import { startNotifyingEngine, sentOn } from '../testing/notificationKit';
import { TOPICS } from './topics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REF = 'component:default/lab-feed';
const TAB = '/catalog/default/component/lab-feed/healthcare-integration';
const person = (ref: string) => ({ ref, isUser: true });
const text = (s: string) => Buffer.from(s).toString('base64');
const OWNERS = [ROLE_HOLDERS.businessOwner, ROLE_HOLDERS.technicalOwner];

describe.each(databases.eachSupportedId())(
  'notices after a committed mutation on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      // A minute passes between mutations, as between people's actions.
      let now = new Date('2026-11-24T12:00:00Z');
      const kit = await startNotifyingEngine(knex, () => {
        now = new Date(now.getTime() + 60_000);
        return now;
      });
      await kit.engine.create(
        intake('lab-feed', { phi: true }),
        person(USERS.requester),
      );
      await kit.settled();
      return { knex, ...kit };
    }

    it('tells the approvers of a gate once it is actionable, once per round, with a link to the gate', async () => {
      const { engine, sent, settled } = await start();
      // Only the intake review has nothing blocking it: the other gates need it first.
      expect(sentOn(sent, TOPICS.gateActionable)).toEqual([
        {
          to: [ROLE_HOLDERS.businessOwner],
          exclude: [USERS.requester],
          title:
            'Integration lab-feed: Intake review is waiting for your review',
          link: `${TAB}?gate=intake`,
        },
      ]);
      // Roles in words, as the tab names them, not the policy's keys.
      expect(
        sent.find(s => s.payload.topic === TOPICS.gateActionable)?.payload
          .description,
      ).toMatch(/; approvers: Business owner\.$/);

      await engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'reason and systems confirmed' },
        person(USERS.business),
      );
      await settled();
      // The compliance review needed only the intake; the security review still needs evidence.
      expect(
        sentOn(sent, TOPICS.gateActionable).map(n => [n.to, n.link]),
      ).toEqual([
        [[ROLE_HOLDERS.businessOwner], `${TAB}?gate=intake`],
        [[ROLE_HOLDERS.complianceReviewer], `${TAB}?gate=compliance-review`],
      ]);

      await engine.uploadEvidence(
        REF,
        {
          kind: 'security-review',
          title: 'Pen test',
          contentBase64: text('report'),
        },
        person(USERS.requester),
      );
      await settled();
      // Unblocked by the upload; the compliance review, still waiting, is not told again.
      expect(
        sentOn(sent, TOPICS.gateActionable).map(n => [n.to, n.link]),
      ).toEqual([
        [[ROLE_HOLDERS.businessOwner], `${TAB}?gate=intake`],
        [[ROLE_HOLDERS.complianceReviewer], `${TAB}?gate=compliance-review`],
        [[ROLE_HOLDERS.securityReviewer], `${TAB}?gate=security-review`],
      ]);
    });

    it('tells the requester and the owners of a decision, not the one who decided', async () => {
      const { engine, sent, settled } = await start();
      await engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'confirmed' },
        person(USERS.business),
      );
      await engine.decide(
        REF,
        'compliance-review',
        { decision: 'request-changes', comment: 'state the retention period' },
        person(USERS.compliance),
      );
      await settled();
      expect(sentOn(sent, TOPICS.decision)).toEqual([
        {
          to: [USERS.requester, ...OWNERS],
          exclude: [USERS.business],
          title: 'Integration lab-feed: Intake review approved',
          link: `${TAB}?gate=intake`,
        },
        {
          to: [USERS.requester, ...OWNERS],
          exclude: [USERS.compliance],
          title:
            'Integration lab-feed: Compliance review (HIPAA) sent back with changes requested',
          link: `${TAB}?gate=compliance-review`,
        },
      ]);
      expect(
        sent.find(
          s =>
            s.payload.link === `${TAB}?gate=compliance-review` &&
            s.payload.topic === TOPICS.decision,
        )!.payload.description,
      ).toBe(
        'By Maria Gonzalez (Compliance reviewer): state the retention period',
      );
      // Sent back: the decision notice says so; the gate now waits for the requester.
      expect(sentOn(sent, TOPICS.approvalStale)).toEqual([]);
      expect(
        sentOn(sent, TOPICS.gateActionable).filter(n =>
          n.link?.endsWith('compliance-review'),
        ),
      ).toHaveLength(1);
    });

    it('tells the earlier approver and the owners, with the reason, when an approval goes stale', async () => {
      const { engine, sent, settled } = await start();
      await engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
      const first = await engine.uploadEvidence(
        REF,
        { kind: 'security-review', title: 'v1', contentBase64: text('v1') },
        person(USERS.requester),
      );
      await engine.decide(
        REF,
        'security-review',
        { decision: 'approve', comment: 'TLS and SSO fine' },
        person(USERS.security),
      );
      await engine.uploadEvidence(
        REF,
        {
          kind: 'security-review',
          title: 'v2',
          contentBase64: text('v2'),
          supersedes: first.id,
        },
        person(USERS.requester),
      );
      await settled();
      const stale = sent.filter(s => s.payload.topic === TOPICS.approvalStale);
      expect(stale).toHaveLength(1);
      expect(stale[0].recipients).toEqual({
        type: 'entity',
        entityRef: [USERS.security, ...OWNERS],
        excludeEntityRef: [USERS.requester],
      });
      expect(stale[0].payload.link).toBe(`${TAB}?gate=security-review`);
      expect(stale[0].payload.description).toMatch(
        /^Round 2: approval stale: a new Security review report was uploaded \(sha256 [0-9a-f]{12}…\)/,
      );
      // The new round waits for the security office again.
      expect(
        sentOn(sent, TOPICS.gateActionable).filter(n =>
          n.link?.endsWith('security-review'),
        ),
      ).toHaveLength(2);
    });

    it('signals after each commit, and neither signals nor notifies on a refused request', async () => {
      const { engine, sent, published, settled } = await start();
      expect(published.map(p => p.channel)).toEqual([
        recordChannel(REF),
        PORTFOLIO_CHANNEL,
      ]);
      expect(published[0]).toEqual({
        recipients: { type: 'broadcast' },
        channel: `healthcare-integration:record:${REF}`,
        message: { type: 'changed' },
      });
      const before = { sent: sent.length, published: published.length };
      // The requester may not approve their own request.
      await expect(
        engine.decide(
          REF,
          'intake',
          { decision: 'approve', comment: 'mine' },
          person(USERS.requester),
        ),
      ).rejects.toThrow();
      await settled();
      expect({ sent: sent.length, published: published.length }).toEqual(
        before,
      );
    });

    it('a failed send neither fails nor undoes the decision', async () => {
      const knex = await databases.init(databaseId);
      const kit = await startNotifyingEngine(
        knex,
        () => new Date('2026-11-24T12:00:00Z'),
        { failingSends: true },
      );
      await kit.engine.create(intake('lab-feed'), person(USERS.requester));
      const status = await kit.engine.decide(
        REF,
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
      await kit.settled();
      expect(status.gates.find(g => g.id === 'intake')!.status).toBe(
        'approved',
      );
      expect(kit.logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/Could not send decision notice/),
      );
      expect((await kit.engine.verifyAudit(REF)).ok).toBe(true);
    });
  },
);
