import { TestDatabases } from '@backstage/backend-test-utils';
import { integrationReadPermission } from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import {
  ROLE_HOLDERS,
  USERS,
  intake,
  requireStatus,
} from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('GET /catalog-entities', () => {
  let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

  beforeAll(async () => {
    api = await startGovernanceBackend(await databases.init('SQLITE_3'));
    for (const name of ['c-feed', 'a-feed', 'b-feed']) {
      const res = await api
        .as(USERS.requester)
        .post('/integrations', intake(name, { phi: name === 'b-feed' }));
      requireStatus(res, 201, `intake ${name}`);
    }
  });

  it('returns every record for the catalog, cursor-paged by entity ref', async () => {
    const first = await api.as(USERS.outsider).get('/catalog-entities?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/a-feed',
      'component:default/b-feed',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const b = first.body.items[1];
    expect(b).toEqual({
      entityRef: 'component:default/b-feed',
      title: 'Integration b-feed',
      profile: expect.objectContaining({
        phi: true,
        sourceSystem: 'component:default/epic-ehr',
      }),
      roles: ROLE_HOLDERS,
      requester: USERS.requester,
      stage: 'intake',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });

    const second = await api
      .as(USERS.outsider)
      .get(
        `/catalog-entities?limit=2&cursor=${encodeURIComponent(
          first.body.nextCursor,
        )}`,
      );
    expect(second.status).toBe(200);
    expect(second.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/c-feed',
    ]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('validates the query, naming the field', async () => {
    const res = await api.as(USERS.outsider).get('/catalog-entities?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/limit/);
    const bad = await api
      .as(USERS.outsider)
      .get('/catalog-entities?cursor=bm90LWEtcmVm');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
  });

  it('is refused without credentials or without the read permission', async () => {
    expect(
      (
        await api
          .anonymous()
          .get('/api/healthcare-integration/catalog-entities')
      ).status,
    ).toBe(401);
    const denied = await startGovernanceBackend(
      await databases.init('SQLITE_3'),
      { permissions: 'deny' },
    );
    const res = await denied.as(USERS.requester).get('/catalog-entities');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(integrationReadPermission.name);
  });
});
