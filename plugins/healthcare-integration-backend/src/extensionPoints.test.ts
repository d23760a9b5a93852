import request from 'supertest';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type ApprovalCheck,
  healthcareIntegrationApprovalChecksExtensionPoint,
} from '@hcig/backstage-plugin-healthcare-integration-node';
import { healthcareIntegrationPlugin } from './plugin';
import { generateSigningKey } from './audit/signingKeys';
import { CATALOG_ENTITIES, USERS, intake } from './testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const BASE = '/api/healthcare-integration';

function checksModule(...checks: ApprovalCheck[]) {
  return createBackendModule({
    pluginId: 'healthcare-integration',
    moduleId: 'test-approval-checks',
    register(reg) {
      reg.registerInit({
        deps: { approvals: healthcareIntegrationApprovalChecksExtensionPoint },
        async init({ approvals }) {
          approvals.addApprovalCheck(...checks);
        },
      });
    },
  });
}

const start = (knex: any, ...checks: ApprovalCheck[]) =>
  startTestBackend({
    features: [
      healthcareIntegrationPlugin,
      checksModule(...checks),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          healthcareIntegration: {
            audit: {
              signing: { privateKey: generateSigningKey().privateKeyPem },
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities: CATALOG_ENTITIES }),
    ],
  });

describe.each(databases.eachSupportedId())(
  'the approval-checks extension point on %s',
  databaseId => {
    it("blocks approving the gate while a module's check names a reason, inside the decision", async () => {
      const knex = await databases.init(databaseId);
      let reasons = [
        'the vendor has not countersigned the interface agreement',
      ];
      const seen: string[] = [];
      const { server } = await start(knex, {
        id: 'vendor-countersigned',
        gate: { gateId: 'intake' },
        blockers: async ({ entityRef, db }) => {
          seen.push(entityRef);
          // The check reads through the handle it is given (the decision's transaction).
          const row = await db('hip_integrations')
            .where({ entity_ref: entityRef })
            .first('stage');
          return row ? reasons : ['record not visible to the check'];
        },
      });
      const as = (who: string) => mockCredentials.user.header(who);
      const created = await request(server)
        .post(`${BASE}/integrations`)
        .set('Authorization', as(USERS.requester))
        .send(intake('lab-orders'));
      expect(created.status).toBe(201);

      const status = await request(server)
        .get(`${BASE}/integrations/default/lab-orders`)
        .set('Authorization', as(USERS.requester));
      const gate = status.body.gates.find((g: any) => g.id === 'intake');
      expect(gate.blockers).toContain(
        'the vendor has not countersigned the interface agreement',
      );

      const decide = () =>
        request(server)
          .post(
            `${BASE}/integrations/default/lab-orders/gates/intake/decisions`,
          )
          .set('Authorization', as(USERS.business))
          .send({ decision: 'approve', comment: 'Business case confirmed' });
      const refused = await decide();
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(
        'the vendor has not countersigned the interface agreement',
      );
      expect(refused.body.error.message).toContain(
        'rule: approval-needs-what-the-gate-covers',
      );

      reasons = [];
      const approved = await decide();
      expect(approved.status).toBeLessThan(300);
      // Asked on the status read and on each of the two decisions, always about this record.
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(new Set(seen)).toEqual(new Set(['component:default/lab-orders']));
    });

    it('refuses to start when a check names a gate the policy does not define', async () => {
      const knex = await databases.init(databaseId);
      await expect(
        start(knex, {
          id: 'orphan',
          gate: { gateId: 'vendor-signoff' },
          blockers: async () => [],
        }),
      ).rejects.toThrow(
        /Approval check orphan guards gate "vendor-signoff", which the policy .* does not define/,
      );
    });
  },
);
