import { TestDatabases } from '@backstage/backend-test-utils';
import { startTestEngine } from '../testing/testEngine';
import { USERS, intake } from '../testing/fixtures';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'expired evidence on %s',
  databaseId => {
    it('blocks approval once expired and reopens an approved gate when its BAA lapses', async () => {
      const knex = await databases.init(databaseId);
      let now = new Date('2026-11-24T12:00:00Z');
      const service = await startTestEngine(knex, () => now);
      const ref = 'component:default/vendor-feed';
      const requester = { ref: USERS.requester, isUser: true };
      const person = (userRef: string) => ({ ref: userRef, isUser: true });
      await service.create(
        intake('vendor-feed', { externalVendor: true, vendorName: 'Acme' }),
        requester,
      );
      await service.decide(
        ref,
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
      const text = (s: string) => Buffer.from(s).toString('base64');
      await service.uploadEvidence(
        ref,
        {
          kind: 'baa',
          title: 'BAA',
          contentBase64: text('baa'),
          expiresAt: '2026-12-01T00:00:00Z',
        },
        requester,
      );
      await service.uploadEvidence(
        ref,
        {
          kind: 'vendor-risk-assessment',
          title: 'VRA',
          contentBase64: text('vra'),
        },
        requester,
      );
      const approved = await service.decide(
        ref,
        'vendor-risk',
        { decision: 'approve', comment: 'signed' },
        person(USERS.compliance),
      );
      expect(approved.gates.find(g => g.id === 'vendor-risk')!.status).toBe(
        'approved',
      );

      expect(await service.reopenGatesWithExpiredEvidence()).toBe(0);
      now = new Date('2026-12-02T00:00:00Z');
      expect(await service.reopenGatesWithExpiredEvidence()).toBe(1);
      const status = await service.getStatus(ref);
      const gate = status.gates.find(g => g.id === 'vendor-risk')!;
      expect(gate.status).toBe('reopened');
      expect(gate.reopenReason).toMatch(
        /evidence expired: BAA \(on 2026-12-01\)/,
      );
      expect(gate.blockers).toEqual([
        'baa evidence expired on 2026-12-01T00:00:00.000Z',
      ]);
      expect(status.evidence.find(e => e.kind === 'baa')!.expired).toBe(true);
      await expect(
        service.decide(
          ref,
          'vendor-risk',
          { decision: 'approve', comment: 'again' },
          person(USERS.compliance),
        ),
      ).rejects.toThrow(/baa evidence expired/);
      expect((await service.verifyAudit(ref)).ok).toBe(true);
    });
  },
);
