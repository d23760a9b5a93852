import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import request from 'supertest';
import { startGovernanceBackend } from '../testing/testBackend';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const ACTIONS = '/api/healthcare-integration/.backstage/actions/v1/actions';

describe.each(databases.eachSupportedId())(
  'governance actions for AI agents on %s',
  databaseId => {
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex, {
        features: [actionsRegistryServiceFactory],
      });
      for (const [name, profile] of [
        [
          'agent-phi',
          { phi: true, externalVendor: true, vendorName: 'Acme Labs' },
        ],
        ['agent-plain', {}],
      ] as const) {
        const res = await api
          .as(USERS.requester)
          .post('/integrations', intake(name, profile));
        if (res.status !== 201) throw new Error(`intake ${name}: ${res.text}`);
      }
    });

    const invoke = (who: string | 'service', id: string, input: object) =>
      request(api.server)
        .post(`${ACTIONS}/healthcare-integration:${id}/invoke`)
        .set(
          'Authorization',
          who === 'service'
            ? mockCredentials.service.header()
            : mockCredentials.user.header(who),
        )
        .send(input);

    it('lists the five actions; only opening a change request is destructive', async () => {
      const res = await request(api.server)
        .get(ACTIONS)
        .set('Authorization', mockCredentials.user.header(USERS.requester));
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(
        res.body.actions.map((a: any) => [a.name, a]),
      );
      expect(Object.keys(byName).sort()).toEqual([
        'explain-gate',
        'get-governance-status',
        'list-my-pending-reviews',
        'open-change-request',
        'validate-mapping-spec',
      ]);
      expect(byName['open-change-request'].attributes).toMatchObject({
        destructive: true,
        readOnly: false,
      });
      for (const name of Object.keys(byName).filter(
        n => n !== 'open-change-request',
      )) {
        expect(byName[name].attributes).toMatchObject({
          readOnly: true,
          destructive: false,
        });
      }
      // No action decides, waives or signs off, and every description says so.
      for (const action of res.body.actions) {
        expect(action.name).not.toMatch(/decide|approve|waive|sign|confirm/);
        expect(action.description).toMatch(
          /cannot approve, reject, waive or sign off/,
        );
      }
      expect(byName['get-governance-status'].schema.input).toMatchObject({
        required: ['entityRef'],
      });
    });

    it('says what blocks the next stage and who it is waiting on', async () => {
      const res = await invoke(USERS.requester, 'get-governance-status', {
        entityRef: 'agent-phi',
      });
      expect(res.status).toBe(200);
      const out = res.body.output;
      expect(out).toMatchObject({
        entityRef: 'component:default/agent-phi',
        stage: 'intake',
        nextStage: 'design',
        canAdvance: false,
      });
      // Leaving intake waits on the intake gate only, decided by the business owner.
      expect(out.blockers).toEqual([
        expect.objectContaining({
          gateId: 'intake',
          stage: 'intake',
          waitingOn: [
            { role: 'businessOwner', holder: ROLE_HOLDERS.businessOwner },
          ],
        }),
      ]);
    });

    it('explains why a gate applies, what it needs and who decides', async () => {
      const applies = await invoke(USERS.requester, 'explain-gate', {
        entityRef: 'component:default/agent-phi',
        gateId: 'compliance-review',
      });
      expect(applies.status).toBe(200);
      expect(applies.body.output).toMatchObject({
        applies: true,
        requesterMayDecide: false,
        why: {
          predicateHolds: true,
          clauses: [
            { clause: 'phi = true', actual: 'phi = true', holds: true },
          ],
        },
        whoMayDecide: [
          {
            role: 'complianceReviewer',
            holder: ROLE_HOLDERS.complianceReviewer,
          },
        ],
      });
      expect(applies.body.output.requires).toEqual(['intake']);

      const vendor = await invoke(USERS.requester, 'explain-gate', {
        entityRef: 'agent-phi',
        gateId: 'vendor-risk',
      });
      expect(vendor.body.output).toMatchObject({
        applies: true,
        why: { clauses: [{ clause: 'externalVendor = true', holds: true }] },
        evidence: [
          { kind: 'baa', attached: false, current: false },
          { kind: 'vendor-risk-assessment', attached: false, current: false },
        ],
      });

      const notApplies = await invoke(USERS.requester, 'explain-gate', {
        entityRef: 'agent-plain',
        gateId: 'compliance-review',
      });
      expect(notApplies.status).toBe(200);
      expect(notApplies.body.output).toMatchObject({
        applies: false,
        why: {
          predicateHolds: false,
          clauses: [
            { clause: 'phi = true', actual: 'phi = false', holds: false },
          ],
        },
      });

      const unknown = await invoke(USERS.requester, 'explain-gate', {
        entityRef: 'agent-plain',
        gateId: 'no-such-gate',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/Invalid gateId/);
    });

    it("lists the caller's pending reviews, never their own requests", async () => {
      const business = await invoke(
        USERS.business,
        'list-my-pending-reviews',
        {},
      );
      expect(business.status).toBe(200);
      const mine = business.body.output.items.filter(
        (i: any) => i.entityRef === 'component:default/agent-phi',
      );
      expect(mine.map((i: any) => i.gateId).sort()).toEqual([
        'go-live',
        'intake',
      ]);
      const requester = await invoke(
        USERS.requester,
        'list-my-pending-reviews',
        {},
      );
      expect(requester.status).toBe(200);
      expect(requester.body.output.items).toEqual([]);
      const bad = await invoke(USERS.business, 'list-my-pending-reviews', {
        limit: 0,
      });
      expect(bad.status).toBe(400);
    });

    it('validates a mapping spec, naming the field of a bad one', async () => {
      const broken = await invoke(USERS.requester, 'validate-mapping-spec', {
        spec: {
          apiVersion: 'healthcare-integration/v1',
          kind: 'MappingSpec',
          source: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A01' },
          destination: { standard: 'custom', layout: 'x', columns: ['mrn'] },
          rows: [
            {
              id: 'mrn',
              source: 'PID-99.1',
              destination: 'mrn',
              required: true,
              phiClass: 'demographics',
              meaning: 'Medical record number',
              confirmBy: 'processOwner',
            },
          ],
        },
      });
      expect(broken.status).toBe(200);
      expect(broken.body.output.valid).toBe(false);
      expect(broken.body.output.errors[0]).toMatchObject({ row: 'mrn' });

      const notASpec = await invoke(USERS.requester, 'validate-mapping-spec', {
        spec: 'rows: none',
      });
      expect(notASpec.status).toBe(400);
      expect(notASpec.body.error.message).toMatch(/Invalid input/);
    });

    it('opens change requests only as the API allows, naming the rule', async () => {
      const input = {
        entityRef: 'agent-plain',
        type: 'new-field',
        summary: 'Add ethnicity',
        impactAssessment: 'Adds PID-22 to the feed',
      };
      const notLive = await invoke(
        USERS.requester,
        'open-change-request',
        input,
      );
      expect(notLive.status).toBe(409);
      expect(notLive.body.error.message).toMatch(/rule: change-on-live-only/);

      const service = await invoke('service', 'open-change-request', input);
      expect(service.status).toBe(403);
      expect(service.body.error.message).toMatch(/rule: principal-kind/);

      const badField = await invoke(USERS.requester, 'open-change-request', {
        ...input,
        summary: 'x',
      });
      expect(badField.status).toBe(400);
      expect(badField.body.error.message).toMatch(/^Invalid summary/);

      const badRef = await invoke(USERS.requester, 'get-governance-status', {
        entityRef: 'group:default/security-office',
      });
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.message).toMatch(/^Invalid entityRef/);
    });
  },
);

describe('governance actions under a denying permission policy', () => {
  it('refuses every read as the API does', async () => {
    const knex = await databases.init('SQLITE_3');
    const api = await startGovernanceBackend(knex, {
      permissions: 'deny',
      features: [actionsRegistryServiceFactory],
    });
    for (const [id, input] of [
      ['get-governance-status', { entityRef: 'anything' }],
      ['list-my-pending-reviews', {}],
      ['explain-gate', { entityRef: 'anything', gateId: 'intake' }],
    ] as const) {
      const res = await request(api.server)
        .post(`${ACTIONS}/healthcare-integration:${id}/invoke`)
        .set('Authorization', mockCredentials.user.header(USERS.security))
        .send(input);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /Not allowed: healthcare-integration\.record\.read/,
      );
    }
  });
});
