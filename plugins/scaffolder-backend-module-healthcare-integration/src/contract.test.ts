/**
 * Contract test: the actions against the real healthcare-integration backend plugin (SQLite,
 * mock catalog, mock service-to-service auth), not a stand-in. It proves the payloads, the
 * on-behalf-of identity, the evidence hash and the error messages match what the API does.
 */
import {
  TestDatabases,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the contract test runs the actions against the real backend plugin (a devDependency, test only)
import healthcareIntegrationPlugin from '@hcig/backstage-plugin-healthcare-integration-backend';
import fs from 'node:fs';
import path from 'node:path';
import {
  attachEvidenceAction,
  createIntegrationAction,
  openChangeRequestAction,
  validateMappingAction,
  waitForGatesAction,
} from './actions';
import { INTAKE_INPUT } from './testing/fixtures';

jest.setTimeout(60_000);

const REQUESTER = 'user:default/priya.patel';
const BUSINESS_OWNER = INTAKE_INPUT.roles.businessOwner;

const user = (name: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

describe('actions against the real backend', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const workspace = createMockDirectory();
  let baseUrl: string;
  let services: { discovery: any; auth: any };

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        healthcareIntegrationPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({
          entities: [
            ...[
              'integration-engineering',
              'security-office',
              'compliance-office',
              'it-support',
            ].map(group),
            user('priya.patel', ['integration-engineering']),
            user('chris.nguyen', []),
            user('dev.ops', ['integration-engineering']),
            user('jordan.lee', []),
            user('alex.kim', []),
          ],
        }),
      ],
    });
    baseUrl = `http://localhost:${server.port()}/api/healthcare-integration`;
    services = {
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
    };
    workspace.setContent({
      'docs/index.md': '# Operating model\n',
      'mapping-spec.yaml': fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../catalog/templates/integration-intake/skeleton/mapping-spec.yaml',
        ),
        'utf8',
      ),
      'bad-mapping.yaml':
        'apiVersion: healthcare-integration/v1\nkind: MappingSpec\nsource: { standard: hl7v2, version: "2.5.1", message: "ORM^O01" }\ndestination: { standard: fhir, version: R4, resource: ServiceRequest }\nrows:\n  - id: mrn\n    source: PID-3.1\n    destination: Patient.identifer.value\n    phiClass: demographics\n    meaning: Medical record number\n    confirmBy: processOwner\n',
    });
  });

  /** A context whose initiator is the requester, as when Priya runs the template. */
  const context = (input: any, logger = mockServices.logger.mock()) => ({
    ...createMockActionContext({
      input,
      workspacePath: workspace.path,
      logger,
    }),
    getInitiatorCredentials: async () => mockCredentials.user(REQUESTER),
  });

  it('creates, attaches evidence, waits for the intake approval, and reports API errors verbatim', async () => {
    const create = context(INTAKE_INPUT);
    await createIntegrationAction(services).handler(create);
    expect(create.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/ehr-lab-orders',
    );
    const gateIds = (create.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'gateIds',
    )![1];
    expect(gateIds).toEqual(
      expect.arrayContaining([
        'intake',
        'security-review',
        'compliance-review',
      ]),
    );

    const attach = context({
      entityRef: 'component:default/ehr-lab-orders',
      path: 'docs/index.md',
      kind: 'other',
    });
    await attachEvidenceAction(services).handler(attach);
    expect(attach.output).toHaveBeenCalledWith(
      'evidenceId',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    );

    // The business owner approves while the step waits: the fake clock's first sleep does it.
    let approved = false;
    const clock = {
      now: () => 0,
      sleep: async () => {
        if (approved) return;
        approved = true;
        const res = await fetch(
          `${baseUrl}/integrations/default/ehr-lab-orders/gates/intake/decisions`,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: mockCredentials.user.header(BUSINESS_OWNER),
            },
            body: JSON.stringify({
              decision: 'approve',
              comment: 'Business case is clear',
            }),
          },
        );
        expect(res.status).toBe(200);
      },
    };
    const wait = context({ entityRef: 'ehr-lab-orders', gateIds: ['intake'] });
    await waitForGatesAction({ ...services, clock }).handler(wait);
    expect(wait.output).toHaveBeenCalledWith('statuses', {
      intake: 'approved',
    });

    // The record is in intake, so the backend refuses a change request and says why.
    const change = context({
      entityRef: 'ehr-lab-orders',
      type: 'new-field',
      summary: 'Add ordering provider NPI',
      impactAssessment: 'Adds ORC-12 to the feed; no downtime',
    });
    await expect(
      openChangeRequestAction(services).handler(change),
    ).rejects.toThrow(
      /Opening a change request on component:default\/ehr-lab-orders failed: .*intake.* \(HTTP 409\)/,
    );

    // A second create of the same name is refused by the API, its message kept.
    await expect(
      createIntegrationAction(services).handler(context(INTAKE_INPUT)),
    ).rejects.toThrow(
      /Creating the integration record failed: .+ \(HTTP 409\)/,
    );
  });

  it('lists the real validator errors, e.g. for the intake stub (why the template does not validate it)', async () => {
    // The stub maps one row; R4 ServiceRequest needs status, intent and subject too.
    await expect(
      validateMappingAction(services).handler(
        context({ path: 'mapping-spec.yaml' }),
      ),
    ).rejects.toThrow(
      /has 3 problem\(s\):\n- ServiceRequest.status: required element/,
    );
    await expect(
      validateMappingAction(services).handler(
        context({ path: 'bad-mapping.yaml' }),
      ),
    ).rejects.toThrow(
      /- row mrn Patient\.identifer\.value: .*\(suggestion: Patient\.identifier\.value\)/,
    );
  });
});
