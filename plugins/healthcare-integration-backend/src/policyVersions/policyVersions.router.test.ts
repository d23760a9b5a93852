import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_POLICY,
  type GovernancePolicy,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';

jest.setTimeout(90_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/** app-config after a platform team made every integration need the compliance review. */
function complianceForAll() {
  const gates: GovernancePolicy['gates'] = JSON.parse(
    JSON.stringify(DEFAULT_POLICY.gates),
  );
  delete gates.find(g => g.id === 'compliance-review')!.when;
  return {
    healthcareIntegration: { policy: { gates } },
  } as any;
}

describe.each(databases.eachSupportedId())(
  'policy versions over HTTP on %s',
  databaseId => {
    it('records a changed policy at start-up, re-derives on schedule, and lists, shows and filters by version', async () => {
      const knex = await databases.init(databaseId);
      const before = await startGovernanceBackend(knex);
      requireStatus(
        await before
          .as(USERS.requester)
          .post('/integrations', intake('plain-feed')),
        201,
        'intake',
      );
      const first = await before.as(USERS.outsider).get('/policy/versions');
      expect(first.status).toBe(200);
      expect(first.body.versions.map((v: any) => v.seq)).toEqual([1]);
      expect(first.body.running).toEqual({
        seq: 1,
        policyHash: first.body.versions[0].policyHash,
      });
      // Not yet required for a record without PHI.
      const plain = await before
        .as(USERS.requester)
        .get('/integrations/default/plain-feed');
      expect(plain.body.gates.map((g: any) => g.id)).not.toContain(
        'compliance-review',
      );

      // The portal restarts with the new configuration; its scheduled re-derivation runs.
      const after = await startGovernanceBackend(knex, {
        config: complianceForAll(),
        features: [
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
        ],
      });
      const list = await after.as(USERS.outsider).get('/policy/versions');
      expect(list.status).toBe(200);
      expect(list.body.versions).toHaveLength(2);
      expect(list.body.versions[1]).toMatchObject({
        seq: 2,
        changes: { added: [], removed: [], changed: ['compliance-review'] },
        prevEntryHash: list.body.versions[0].entryHash,
      });
      expect(list.body.running.seq).toBe(2);
      expect(list.body.chain).toEqual({ verified: true, entries: 2 });

      const status = await after
        .as(USERS.requester)
        .get('/integrations/default/plain-feed');
      expect(
        status.body.gates.find((g: any) => g.id === 'compliance-review'),
      ).toMatchObject({ status: 'pending' });
      expect(status.body.record.policyHash).toBe(
        list.body.versions[1].policyHash,
      );
      const trail = await after
        .as(USERS.requester)
        .get('/integrations/default/plain-feed/audit');
      expect(
        trail.body.items.filter((e: any) => e.action === 'policy.applied'),
      ).toHaveLength(1);

      const v1 = await after.as(USERS.outsider).get('/policy/versions/1');
      expect(v1.status).toBe(200);
      expect(JSON.parse(v1.body.policy).gates).toHaveLength(
        DEFAULT_POLICY.gates.length,
      );
      const missing = await after.as(USERS.outsider).get('/policy/versions/9');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'No policy version 9 is recorded',
      );
      const bad = await after.as(USERS.outsider).get('/policy/versions/first');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid seq: /);

      const onV2 = await after
        .as(USERS.requester)
        .get('/integrations?policyVersion=2');
      expect(onV2.status).toBe(200);
      expect(
        onV2.body.items.map((i: any) => [i.entityRef, i.policyVersion]),
      ).toEqual([['component:default/plain-feed', 2]]);
      const onV1 = await after
        .as(USERS.requester)
        .get('/integrations?policyVersion=1');
      expect(onV1.body.items).toEqual([]);
      const unknown = await after
        .as(USERS.requester)
        .get('/integrations?policyVersion=5');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'Invalid policyVersion: 5 is not a recorded policy version (versions run from 1 to 2)',
      );
    });

    it('refuses the version routes when the permission policy denies reading', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex, { permissions: 'deny' });
      for (const path of ['/policy/versions', '/policy/versions/1']) {
        const res = await api.as(USERS.outsider).get(path);
        expect(res.status).toBe(403);
      }
    });
  },
);
