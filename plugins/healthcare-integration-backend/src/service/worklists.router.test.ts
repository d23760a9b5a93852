import { TestDatabases } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
  gateDecidePermission,
  isGateClosed,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/**
 * A permission policy that lets everyone read only PHI-bearing records (a conditional
 * decision the list applies in SQL) and lets nobody decide gates.
 */
const phiOnlyNoDecisions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    authorize: async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.permission.name === gateDecidePermission.name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async (requests: any[]) =>
      requests.map(r => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'healthcare-integration',
        resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
        conditions: {
          rule: 'CARRIES_PHI',
          resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
          params: {},
        },
        permission: r.permission,
      })),
  }),
});

const ref = (name: string) => `component:default/${name}`;

describe.each(databases.eachSupportedId())(
  'inbox and portfolio on %s',
  databaseId => {
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      api = await startGovernanceBackend(await databases.init(databaseId));
    });

    async function create(name: string, profile = {}) {
      const res = await api
        .as(USERS.requester)
        .post('/integrations', intake(name, profile));
      expect(res.status).toBe(201);
    }
    const decide = (name: string, gate: string, who: string) =>
      api
        .as(who)
        .post(`/integrations/default/${name}/gates/${gate}/decisions`, {
          decision: 'approve',
          comment: `approved by ${who}`,
        });
    const inboxOf = async (who: string) => {
      const res = await api.as(who).get('/inbox');
      expect(res.status).toBe(200);
      return res.body.items as any[];
    };

    it('says what is actionable, what blocks the rest, and lists actionable items first', async () => {
      // The older record stays blocked; the newer one's intake is approved.
      await create('wl-older', { phi: true });
      await create('wl-newer', { phi: true });
      expect((await decide('wl-newer', 'intake', USERS.business)).status).toBe(
        200,
      );

      const compliance = (await inboxOf(USERS.compliance)).filter(i =>
        [ref('wl-older'), ref('wl-newer')].includes(i.entityRef),
      );
      expect(
        compliance.map(i => [i.entityRef, i.gateId, i.actionable, i.blockedBy]),
      ).toEqual([
        [ref('wl-newer'), 'compliance-review', true, []],
        [ref('wl-older'), 'compliance-review', false, ['Intake review']],
      ]);
      // The gate's stage and the record's own stage, side by side.
      expect(compliance[1]).toMatchObject({
        stage: 'design',
        integrationStage: 'intake',
        canDecide: true,
      });

      const business = (await inboxOf(USERS.business)).filter(
        i => i.entityRef === ref('wl-older'),
      );
      expect(business.map(i => i.gateId)).toEqual(['intake', 'go-live']);
      expect(business[0]).toMatchObject({ actionable: true, canDecide: true });
      expect(business[1].actionable).toBe(false);
      expect(business[1].blockedBy).toEqual(
        expect.arrayContaining([
          'Test evidence',
          'Monitoring and support plan',
          'Go-live checklist',
        ]),
      );
    });

    it('never lists a gate to its requester, and the decision route refuses them', async () => {
      await create('wl-sod', { phi: true });
      expect(
        (await inboxOf(USERS.requester)).some(
          i => i.entityRef === ref('wl-sod'),
        ),
      ).toBe(false);
      const refused = await decide('wl-sod', 'intake', USERS.requester);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/requester-cannot-decide/);
    });

    it('sorts the portfolio, pages it without repeats or gaps, and refuses an unknown sort', async () => {
      for (const [name, title] of [
        ['wl-sort-1', 'Charlie feed'],
        ['wl-sort-2', 'Alpha feed'],
        ['wl-sort-3', 'Bravo feed'],
      ]) {
        const res = await api
          .as(USERS.requester)
          .post('/integrations', { ...intake(name), title });
        expect(res.status).toBe(201);
      }
      const titles: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await api
          .as(USERS.outsider)
          .get(
            `/integrations?q=feed&sort=-title&limit=2${
              cursor ? `&cursor=${cursor}` : ''
            }`,
          );
        expect(res.status).toBe(200);
        titles.push(...res.body.items.map((i: any) => i.title));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(titles).toEqual(['Charlie feed', 'Bravo feed', 'Alpha feed']);

      const bad = await api.as(USERS.outsider).get('/integrations?sort=owner');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/sort/);

      const first = await api
        .as(USERS.outsider)
        .get('/integrations?q=feed&sort=title&limit=1');
      const mismatched = await api
        .as(USERS.outsider)
        .get(
          `/integrations?q=feed&sort=-title&cursor=${first.body.nextCursor}`,
        );
      expect(mismatched.status).toBe(400);
      expect(mismatched.body.error.message).toMatch(/cursor/);
    });

    it('names who holds each record', async () => {
      await create('wl-waiting');
      const res = await api
        .as(USERS.outsider)
        .get('/integrations?q=wl-waiting');
      expect(res.body.items[0].waitingOn).toMatchObject({
        party: 'businessOwner',
        partyLabel: 'Business owner',
        holders: ['group:default/revenue-cycle'],
      });
      // The "Due" column: the earliest due date of the record's open gates.
      const status = await api
        .as(USERS.requester)
        .get('/integrations/default/wl-waiting');
      const openDue = (status.body.gates as any[])
        .filter(g => !isGateClosed(g.status))
        .map(g => g.dueAt as string)
        .sort();
      expect(openDue.length).toBeGreaterThan(0);
      expect(res.body.items[0].nextDueAt).toBe(openDue[0]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'inbox and portfolio under a conditional permission policy on %s',
  databaseId => {
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      api = await startGovernanceBackend(await databases.init(databaseId), {
        features: [phiOnlyNoDecisions],
      });
      const vendor = { externalVendor: true, vendorName: 'Acme Health' };
      const profiles: Array<[string, object]> = [
        ['cp-phi-vendor', { phi: true, ...vendor }],
        ['cp-phi', { phi: true }],
        ['cp-plain-vendor', vendor],
        ['cp-plain', {}],
      ];
      for (const [name, profile] of profiles) {
        const res = await api
          .as(USERS.requester)
          .post('/integrations', intake(name, profile));
        requireStatus(res, 201, `creating ${name}`);
      }
    });

    it('counts only the records the caller may see, and each count filters', async () => {
      const res = await api.as(USERS.outsider).get('/integrations');
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.entityRef).sort()).toEqual([
        ref('cp-phi'),
        ref('cp-phi-vendor'),
      ]);
      expect(res.body.summary).toMatchObject({
        total: 2,
        blocked: 0,
        overdue: 0,
        degraded: 0,
        down: 0,
        phiVendor: 1,
      });
      expect(res.body.summary.byStage).toMatchObject({ intake: 2, live: 0 });
      expect(res.body.totalCount).toBe(2);

      const vendor = await api
        .as(USERS.outsider)
        .get('/integrations?phi=true&vendor=true');
      expect(vendor.body.items.map((i: any) => i.entityRef)).toEqual([
        ref('cp-phi-vendor'),
      ]);
    });

    it('lists only gates on records the read conditions let the reviewer see', async () => {
      // The business owner holds a role on all four records; the policy lets everyone read
      // only those that carry PHI.
      const items = (await api.as(USERS.business).get('/inbox')).body.items;
      expect([...new Set(items.map((i: any) => i.entityRef))].sort()).toEqual([
        ref('cp-phi'),
        ref('cp-phi-vendor'),
      ]);
    });

    it('lists the gate but offers no decision where the policy refuses deciding', async () => {
      const items = (await api.as(USERS.business).get('/inbox')).body.items;
      const intakeGate = items.find(
        (i: any) => i.entityRef === ref('cp-phi') && i.gateId === 'intake',
      );
      expect(intakeGate).toMatchObject({ actionable: true, canDecide: false });
    });
  },
);
