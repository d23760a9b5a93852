import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  DEFAULT_POLICY,
  type GovernancePolicy,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/** The shipped default with some gates rewritten, as a platform team would edit app-config. */
function candidate(edit: (gates: GovernancePolicy['gates']) => void) {
  const gates = JSON.parse(JSON.stringify(DEFAULT_POLICY.gates));
  edit(gates);
  return { gates };
}
const gate = (gates: GovernancePolicy['gates'], id: string) =>
  gates.find(g => g.id === id)!;

describe.each(databases.eachSupportedId())(
  'policy preview on %s',
  databaseId => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;
    const counts = async () => ({
      audit: Number((await knex('hip_audit_events').count({ n: '*' }))[0].n),
      gates: Number((await knex('hip_gates').count({ n: '*' }))[0].n),
    });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex);
      for (const [name, profile] of [
        ['pp-phi', { phi: true }],
        ['pp-plain', {}],
      ] as const) {
        const res = await api
          .as(USERS.requester)
          .post('/integrations', intake(name, profile));
        if (res.status !== 201) throw new Error(res.text);
      }
      const decided = await api
        .as(USERS.business)
        .post('/integrations/default/pp-plain/gates/intake/decisions', {
          decision: 'approve',
          comment: 'business reason confirmed',
        });
      if (decided.status !== 200) throw new Error(decided.text);
    });

    it('shows no change for the running policy', async () => {
      const res = await api
        .as(USERS.outsider)
        .post('/policy/preview', { policy: {} });
      expect(res.status).toBe(200);
      expect(res.body.identical).toBe(true);
      expect(res.body.integrations).toEqual([]);
      expect(res.body.totals).toMatchObject({
        integrations: 2,
        affected: 0,
        gatesAdded: 0,
        approvalsGoStale: 0,
        approvalsStayValid: 1,
      });
    });

    it('shows gates added and changed, approvals kept and stale, and writes nothing', async () => {
      const before = await counts();
      const policy = candidate(gates => {
        // The compliance review for every integration, not only PHI ones.
        delete gate(gates, 'compliance-review').when;
        // The intake review now also needs the compliance office.
        gate(gates, 'intake').approverRoles = [
          'businessOwner',
          'complianceReviewer',
        ];
      });
      const res = await api
        .as(USERS.compliance)
        .post('/policy/preview', { policy });
      expect(res.status).toBe(200);
      expect(res.body.identical).toBe(false);
      expect(res.body.policyChanges).toEqual({
        added: [],
        removed: [],
        changed: ['intake', 'compliance-review'],
      });
      const byRef = Object.fromEntries(
        res.body.integrations.map((i: any) => [i.entityRef, i]),
      );
      const plain = byRef['component:default/pp-plain'];
      expect(plain.added).toEqual([
        {
          gateId: 'compliance-review',
          title: 'Compliance review (HIPAA)',
          stage: 'design',
        },
      ]);
      expect(plain.changed).toEqual([
        {
          gateId: 'intake',
          title: 'Intake review',
          fields: ['approverRoles'],
          reopens: true,
        },
      ]);
      // The business owner's approval still counts; the gate waits on the new role too.
      expect(plain.approvals).toEqual([
        {
          gateId: 'intake',
          role: 'businessOwner',
          decidedBy: USERS.business,
          outcome: 'stays-valid',
        },
      ]);
      const phi = byRef['component:default/pp-phi'];
      expect(phi.added).toEqual([]);
      expect(phi.changed).toEqual([
        {
          gateId: 'intake',
          title: 'Intake review',
          fields: ['approverRoles'],
          reopens: false,
        },
      ]);
      expect(res.body.totals).toEqual({
        integrations: 2,
        affected: 2,
        gatesAdded: 1,
        gatesRemoved: 0,
        gatesChanged: 2,
        gatesReopened: 1,
        approvalsStayValid: 1,
        approvalsGoStale: 0,
      });
      expect(await counts()).toEqual(before);
    });

    it('shows gates removed and approvals gone stale', async () => {
      const policy = candidate(gates => {
        gate(gates, 'intake').approverRoles = ['complianceReviewer'];
        gate(gates, 'compliance-review').when = { phi: false };
      });
      const res = await api
        .as(USERS.compliance)
        .post('/policy/preview', { policy });
      expect(res.status).toBe(200);
      const byRef = Object.fromEntries(
        res.body.integrations.map((i: any) => [i.entityRef, i]),
      );
      expect(byRef['component:default/pp-phi'].removed).toEqual([
        {
          gateId: 'compliance-review',
          title: 'Compliance review (HIPAA)',
          status: 'pending',
        },
      ]);
      expect(byRef['component:default/pp-plain'].approvals).toEqual([
        expect.objectContaining({
          gateId: 'intake',
          role: 'businessOwner',
          outcome: 'goes-stale',
        }),
      ]);
      expect(res.body.totals.approvalsGoStale).toBe(1);
    });

    it('refuses an invalid candidate naming the path, and bad bodies naming the field', async () => {
      const policy = candidate(gates => {
        (gate(gates, 'intake') as any).approverRoles = ['nobody'];
      });
      const bad = await api
        .as(USERS.compliance)
        .post('/policy/preview', { policy });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^Invalid policy\.gates\.0\.approverRoles\.0:/,
      );
      const unknownGate = await api
        .as(USERS.compliance)
        .post('/policy/preview', {
          policy: { specialGates: { mappingReview: 'gone' } },
        });
      expect(unknownGate.status).toBe(400);
      expect(unknownGate.body.error.message).toMatch(
        /^Invalid policy\.specialGates\.mappingReview: names gate gone/,
      );
      const typo = await api
        .as(USERS.compliance)
        .post('/policy/preview', { policy: { gatse: [] } });
      expect(typo.status).toBe(400);
      expect(typo.body.error.message).toMatch(
        /^Invalid policy\.gatse: not a policy key/,
      );
      const noPolicy = await api
        .as(USERS.compliance)
        .post('/policy/preview', {});
      expect(noPolicy.status).toBe(400);
      expect(noPolicy.body.error.message).toMatch(/^Invalid policy/);
      const extra = await api
        .as(USERS.compliance)
        .post('/policy/preview', { policy: {}, write: true });
      expect(extra.status).toBe(400);
    });

    it('answers services (a CI pipeline) too', async () => {
      const res = await api.asService().post('/policy/preview', { policy: {} });
      expect(res.status).toBe(200);
      expect(res.body.identical).toBe(true);
    });
  },
);

describe('policy preview under a denying permission policy', () => {
  it('is refused', async () => {
    const knex = await databases.init('SQLITE_3');
    const api = await startGovernanceBackend(knex, { permissions: 'deny' });
    const res = await api
      .as(USERS.compliance)
      .post('/policy/preview', { policy: {} });
    expect(res.status).toBe(403);
  });
});
