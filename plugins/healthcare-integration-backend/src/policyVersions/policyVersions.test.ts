import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  DEFAULT_POLICY,
  type GovernancePolicy,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { JsonObject } from '@backstage/types';
import { startTestEngine } from '../testing/testEngine';
import { USERS, intake } from '../testing/fixtures';
import { PolicyVersionStore } from './PolicyVersionStore';
import { verifyPolicyChain } from './versionChain';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const NOW = new Date('2026-11-24T12:00:00Z');
const person = (ref: string) => ({ ref, isUser: true });
const text = (s: string) => Buffer.from(s).toString('base64');

/** The shipped gates, edited as a platform team would edit app-config. */
function policyWith(edit: (gates: GovernancePolicy['gates']) => void) {
  const gates = JSON.parse(JSON.stringify(DEFAULT_POLICY.gates));
  edit(gates);
  return { gates } as unknown as JsonObject;
}
const gate = (gates: GovernancePolicy['gates'], id: string) =>
  gates.find(g => g.id === id)!;

/** Version 2: the compliance review moves from PHI to vendor feeds; vendor risk needs only a BAA. */
const V2 = policyWith(gates => {
  gate(gates, 'compliance-review').when = { externalVendor: true };
  gate(gates, 'vendor-risk').evidenceKinds = ['baa'];
  gate(gates, 'intake').slaDays = 9;
});

async function seed(knex: Knex) {
  const v1 = await startTestEngine(knex, () => NOW);
  const requester = person(USERS.requester);
  await v1.create(intake('phi-feed', { phi: true }), requester);
  await v1.decide(
    'component:default/phi-feed',
    'intake',
    { decision: 'approve', comment: 'admissions feed confirmed' },
    person(USERS.business),
  );
  const vendor = 'component:default/vendor-feed';
  await v1.create(
    intake('vendor-feed', { externalVendor: true, vendorName: 'Acme' }),
    requester,
  );
  await v1.decide(
    vendor,
    'intake',
    { decision: 'approve', comment: 'vendor feed confirmed' },
    person(USERS.business),
  );
  for (const kind of ['baa', 'vendor-risk-assessment'])
    await v1.uploadEvidence(
      vendor,
      { kind, title: kind, contentBase64: text(kind) },
      requester,
    );
  await v1.decide(
    vendor,
    'vendor-risk',
    { decision: 'approve', comment: 'BAA and assessment signed' },
    person(USERS.compliance),
  );
  return v1;
}

const gateOf = (
  status: { gates: Array<{ id: string; status: string }> },
  id: string,
) => status.gates.find(g => g.id === id);

describe.each(databases.eachSupportedId())(
  'policy versions on %s',
  databaseId => {
    it('records each running policy once, in a chain that detects edits', async () => {
      const knex = await databases.init(databaseId);
      const v1 = await startTestEngine(knex, () => NOW);
      const store = new PolicyVersionStore(knex);
      const first = await store.recordRunning(
        v1.getPolicy(),
        NOW.toISOString(),
      );
      expect(first.recorded).toBe(true);
      expect(first.version).toMatchObject({
        seq: 1,
        policyHash: v1.getPolicy().hash,
        prevEntryHash: '0'.repeat(64),
      });
      expect(first.version.changes.added).toContain('security-review');
      // A restart with the same configuration records nothing.
      const again = await store.recordRunning(
        v1.getPolicy(),
        NOW.toISOString(),
      );
      expect(again).toMatchObject({ recorded: false, version: { seq: 1 } });

      // Two instances starting together with a new configuration append one version.
      const v2 = await startTestEngine(knex, () => NOW, undefined, V2);
      const both = await Promise.all([
        store.recordRunning(v2.getPolicy(), '2026-11-25T08:00:00.000Z'),
        new PolicyVersionStore(knex).recordRunning(
          v2.getPolicy(),
          '2026-11-25T08:00:00.000Z',
        ),
      ]);
      expect(both.map(b => b.version.seq)).toEqual([2, 2]);
      expect(both.filter(b => b.recorded)).toHaveLength(1);
      const versions = await store.list();
      expect(versions.map(v => v.seq)).toEqual([1, 2]);
      expect(versions[1]).toMatchObject({
        policyHash: v2.getPolicy().hash,
        prevEntryHash: versions[0].entryHash,
        changes: {
          added: [],
          removed: [],
          changed: ['intake', 'compliance-review', 'vendor-risk'],
        },
      });
      expect(verifyPolicyChain(versions)).toEqual({
        verified: true,
        entries: 2,
      });

      // An insider with database access rewrites history three ways; each is caught.
      const edited = JSON.parse(versions[0].policy);
      edited.waiverMaxDays = 365;
      const policyEdited = versions.map(v =>
        v.seq === 1 ? { ...v, policy: JSON.stringify(edited) } : v,
      );
      expect(verifyPolicyChain(policyEdited)).toMatchObject({
        verified: false,
        brokenAt: 1,
        problem: 'the policy text of version 1 does not match its hash',
      });
      await knex('hip_policy_versions')
        .where({ seq: 2 })
        .update({
          changes: JSON.stringify({ added: [], removed: [], changed: [] }),
        });
      expect(verifyPolicyChain(await store.list())).toMatchObject({
        verified: false,
        brokenAt: 2,
        problem: 'the entry of version 2 was altered',
      });
      await knex('hip_policy_versions').where({ seq: 1 }).delete();
      expect(verifyPolicyChain(await store.list())).toMatchObject({
        verified: false,
        brokenAt: 2,
        problem: 'version 1 is missing (found 2)',
      });
    });

    it('re-derives gates under a new version as previewed, once, with the version in each chain', async () => {
      const knex = await databases.init(databaseId);
      const v1 = await seed(knex);
      const store = new PolicyVersionStore(knex);
      await store.recordRunning(v1.getPolicy(), NOW.toISOString());
      const phi = 'component:default/phi-feed';
      const vendor = 'component:default/vendor-feed';
      expect(gateOf(await v1.getStatus(phi), 'compliance-review')?.status).toBe(
        'pending',
      );
      expect(gateOf(await v1.getStatus(vendor), 'compliance-review')).toBe(
        undefined,
      );

      const v2 = await startTestEngine(knex, () => NOW, undefined, V2);
      const { version } = await store.recordRunning(
        v2.getPolicy(),
        NOW.toISOString(),
      );
      // Two instances re-derive at once: each record is re-derived by one of them.
      const counts = await Promise.all([
        v2.rederiveUnderRunningPolicy(
          await store.policiesByHash(),
          version.seq,
        ),
        (
          await startTestEngine(knex, () => NOW, undefined, V2)
        ).rederiveUnderRunningPolicy(await store.policiesByHash(), version.seq),
      ]);
      expect(counts[0] + counts[1]).toBe(2);

      const phiNow = await v2.getStatus(phi);
      expect(gateOf(phiNow, 'compliance-review')?.status).toBe('not-required');
      // Only the SLA of the intake review changed: its approval stands.
      expect(gateOf(phiNow, 'intake')?.status).toBe('approved');
      const vendorNow = await v2.getStatus(vendor);
      expect(gateOf(vendorNow, 'compliance-review')?.status).toBe('pending');
      const risk = vendorNow.gates.find(g => g.id === 'vendor-risk')!;
      expect(risk.status).toBe('reopened');
      expect(risk.reopenReason).toBe(
        "policy version 2 changed the gate's evidenceKinds",
      );
      expect(risk.evidenceKinds).toEqual(['baa']);
      expect(phiNow.record.policyHash).toBe(v2.getPolicy().hash);

      for (const ref of [phi, vendor]) {
        const applied = (await v2.readAudit(ref)).filter(
          e => e.action === 'policy.applied',
        );
        expect(applied).toHaveLength(1);
        expect(applied[0]).toMatchObject({
          actor: 'system:policy-version',
          payload: {
            version: 2,
            policyHash: v2.getPolicy().hash,
            previousPolicyHash: v1.getPolicy().hash,
          },
        });
        // The chain still replays to the stored record, new policy hash included.
        expect((await v2.verifyAudit(ref)).ok).toBe(true);
      }
      const seqBefore = await knex('hip_integrations')
        .select('entity_ref', 'audit_seq')
        .orderBy('entity_ref');
      expect(
        await v2.rederiveUnderRunningPolicy(
          await store.policiesByHash(),
          version.seq,
        ),
      ).toBe(0);
      expect(
        await knex('hip_integrations')
          .select('entity_ref', 'audit_seq')
          .orderBy('entity_ref'),
      ).toEqual(seqBefore);

      // The portfolio filters by version, and says which version each record is on.
      const onV2 = await v2.listPortfolio({ policyVersion: '2' });
      expect(onV2.items.map(i => [i.entityRef, i.policyVersion])).toEqual([
        [phi, 2],
        [vendor, 2],
      ]);
      expect((await v2.listPortfolio({ policyVersion: '1' })).items).toEqual(
        [],
      );
      await expect(v2.listPortfolio({ policyVersion: '7' })).rejects.toThrow(
        'Invalid policyVersion: 7 is not a recorded policy version (versions run from 1 to 2)',
      );
      await expect(v2.listPortfolio({ policyVersion: 'two' })).rejects.toThrow(
        /Invalid policyVersion/,
      );
    });

    it('brings back a gate the record held as not required when the new version needs it', async () => {
      const knex = await databases.init(databaseId);
      const v2 = await startTestEngine(knex, () => NOW, undefined, V2);
      const store = new PolicyVersionStore(knex);
      await store.recordRunning(v2.getPolicy(), NOW.toISOString());
      const phi = 'component:default/phi-feed';
      await v2.create(
        intake('phi-feed', { phi: true }),
        person(USERS.requester),
      );
      // Under version 2 a PHI feed without a vendor has no compliance review.
      expect(gateOf(await v2.getStatus(phi), 'compliance-review')).toBe(
        undefined,
      );
      // Version 3 is the shipped policy again: the review applies to PHI feeds.
      const v3 = await startTestEngine(knex, () => NOW);
      const { version } = await store.recordRunning(
        v3.getPolicy(),
        NOW.toISOString(),
      );
      expect(version.seq).toBe(2);
      expect(
        await v3.rederiveUnderRunningPolicy(
          await store.policiesByHash(),
          version.seq,
        ),
      ).toBe(1);
      expect(gateOf(await v3.getStatus(phi), 'compliance-review')?.status).toBe(
        'pending',
      );
      // Back to version 2's policy (version 3): the review is no longer required ...
      const v4 = await startTestEngine(knex, () => NOW, undefined, V2);
      const back = await store.recordRunning(v4.getPolicy(), NOW.toISOString());
      expect(back.version.seq).toBe(3);
      await v4.rederiveUnderRunningPolicy(
        await store.policiesByHash(),
        back.version.seq,
      );
      expect(gateOf(await v4.getStatus(phi), 'compliance-review')?.status).toBe(
        'not-required',
      );
      // ... and with the shipped policy once more, it comes back, in a new round.
      const v5 = await startTestEngine(knex, () => NOW);
      const again = await store.recordRunning(
        v5.getPolicy(),
        NOW.toISOString(),
      );
      await v5.rederiveUnderRunningPolicy(
        await store.policiesByHash(),
        again.version.seq,
      );
      const review = (await v5.getStatus(phi)).gates.find(
        g => g.id === 'compliance-review',
      )!;
      expect(review.status).toBe('reopened');
      expect(review.reopenReason).toBe(
        'policy version 4 requires this gate again',
      );
      expect((await v5.verifyAudit(phi)).ok).toBe(true);
    });
  },
);
