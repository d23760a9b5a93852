/**
 * The templates under catalog/templates, checked against this module: valid YAML, only actions
 * that exist, step inputs the actions accept, a skeleton that renders to the entity and mapping
 * formats, and a simulated run of the intake template through the real fetch:template action
 * and this module's actions against a fake backend.
 */
import { ConfigReader } from '@backstage/config';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  CHANGE_TYPES,
  DATA_CLASSES,
  ROLES,
  createIntegrationSchema,
  mappingSpecSchema,
  openChangeRequestSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import { parse as parseYaml } from 'yaml';
import {
  createHealthcareIntegrationActions,
  waitForGatesAction,
} from './actions';
import { startFakeBackend } from './testing/fakeBackend';
import { gate, statusOf } from './testing/fixtures';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../catalog/templates');
const BUILT_IN = new Set([
  'fetch:template',
  'fetch:plain',
  'debug:log',
  'catalog:register',
  'catalog:write',
]);

const loadTemplate = (name: string) => {
  const file = path.join(TEMPLATES_DIR, name, 'template.yaml');
  return { file, doc: parseYaml(fs.readFileSync(file, 'utf8')) };
};

const actions = createHealthcareIntegrationActions({
  discovery: mockServices.discovery.mock(),
  auth: mockServices.auth(),
});
/** The frontend validates each page with ajv; `date` and `email` are checked by the form widgets. */
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  formats: { date: true, email: true },
});

const actionsById = new Map<string, TemplateAction<any, any, any>>(
  actions.map(a => [a.id, a]),
);

describe('catalog templates', () => {
  const names = fs
    .readdirSync(TEMPLATES_DIR)
    .filter(n => fs.existsSync(path.join(TEMPLATES_DIR, n, 'template.yaml')));

  it('are the intake and change-request templates', () => {
    expect(names.sort()).toEqual(['change-request', 'integration-intake']);
  });

  describe.each(['integration-intake', 'change-request'])('%s', name => {
    const { doc } = loadTemplate(name);

    it('is a v1beta3 Template owned by integration engineering', () => {
      expect(doc.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(doc.kind).toBe('Template');
      expect(doc.spec.owner).toBe('group:default/integration-engineering');
      expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
    });

    it('uses only registered or built-in actions, with inputs those actions accept', () => {
      for (const step of doc.spec.steps) {
        const action = actionsById.get(step.action);
        expect(
          action || BUILT_IN.has(step.action)
            ? step.action
            : `unknown action ${step.action}`,
        ).toBe(step.action);
        if (!action) continue;
        const schema = action.schema!.input as {
          properties: Record<string, any>;
          required?: string[];
        };
        for (const key of Object.keys(step.input)) {
          expect(`${step.id}.${key}: ${key in schema.properties}`).toBe(
            `${step.id}.${key}: true`,
          );
        }
        for (const key of schema.required ?? [])
          expect(step.input).toHaveProperty(key);
      }
    });

    it('validates its parameter pages as JSON schema', () => {
      for (const page of doc.spec.parameters)
        expect(() => ajv.compile(page)).not.toThrow();
    });
  });

  describe('integration-intake parameters', () => {
    const { doc } = loadTemplate('integration-intake');
    const page = (title: string) =>
      doc.spec.parameters.find((p: any) => p.title === title);

    it('offers every data class and picks systems and role holders from the catalog', () => {
      const systems = page('Systems and data').properties;
      expect(systems.dataClasses.items.enum).toEqual([...DATA_CLASSES]);
      for (const key of ['sourceSystem', 'destinationSystem']) {
        expect(systems[key]['ui:field']).toBe('EntityPicker');
        expect(systems[key]['ui:options'].catalogFilter).toEqual([
          { kind: 'Component', 'spec.type': 'clinical-system' },
        ]);
      }
      const owners = page('Owners and reviewers');
      expect(owners.required.sort()).toEqual([...ROLES].sort());
      for (const role of ROLES)
        expect(owners.properties[role]['ui:field']).toBe('OwnerPicker');
    });

    it.each([
      [{ phi: true }, 'minimumNecessaryJustification'],
      [{ phi: true }, 'phiSafeguards'],
      [{ externalVendor: true }, 'vendorName'],
      [{ externalVendor: true }, 'baaStatus'],
      [{ patientFacing: true }, 'informationBlockingNotes'],
    ])('requires more when %j: %s', (flags, field) => {
      const validate = ajv.compile(page('Risk profile'));
      const base = {
        phi: false,
        externalVendor: false,
        patientFacing: false,
        complianceRisk: 'low',
      };
      expect(validate(base)).toBe(true);
      expect(validate({ ...base, ...flags })).toBe(false);
      expect(JSON.stringify(validate.errors)).toContain(field);
    });

    it('accepts a complete PHI + vendor + patient-facing answer', () => {
      const validate = ajv.compile(page('Risk profile'));
      expect(
        validate({
          phi: true,
          externalVendor: true,
          patientFacing: true,
          complianceRisk: 'high',
          minimumNecessaryJustification:
            'Only MRN, name and results are needed to file the report',
          phiSafeguards: 'TLS 1.2 over the VPN tunnel',
          vendorName: 'Acme Labs',
          vendorContactName: 'Pat Vendor',
          vendorContactEmail: 'pat@acme.example',
          baaStatus: 'signed',
          patientAccessNotes:
            'Results appear in MyChart after the clinician releases them',
          informationBlockingNotes: 'No delay beyond the release rules',
        }),
      ).toBe(true);
    });
  });

  describe('change-request parameters', () => {
    const { doc } = loadTemplate('change-request');
    it('offers the change types and classes the API accepts', () => {
      const props = doc.spec.parameters[0].properties;
      expect(props.type.enum).toEqual([...CHANGE_TYPES]);
      expect(props.changeClass.oneOf.map((o: any) => o.const)).toEqual([
        'standard',
        'normal',
        'emergency',
      ]);
      expect(props.entityRef['ui:options'].catalogFilter).toEqual([
        { kind: 'Component', 'spec.type': 'healthcare-integration' },
      ]);
    });
  });
});

/** Enough of the scaffolder's workflow runner to run a template's steps in a test. */
async function runTemplate(
  doc: any,
  parameters: Record<string, unknown>,
  registry: Map<string, TemplateAction<any, any, any>>,
  workspacePath: string,
  baseUrl: string,
) {
  const renderer = createTemplateRenderer({ allowRegexExecution: true });
  const context: any = {
    parameters,
    steps: {},
    user: { ref: 'user:default/priya.patel' },
  };
  const render = (value: unknown) =>
    JSON.parse(JSON.stringify(value), (_k, v) =>
      typeof v === 'string' ? renderer.renderValue(v, context) : v,
    );
  const ran: string[] = [];
  for (const step of doc.spec.steps) {
    if (step.if !== undefined && !render({ v: step.if }).v) continue;
    const input = render(step.input);
    const output: Record<string, unknown> = {};
    const ctx = {
      ...createMockActionContext({ input, workspacePath }),
      templateInfo: { baseUrl, entityRef: 'template:default/x' },
      output: (k: string, v: unknown) => {
        output[k] = v;
      },
    };
    await registry.get(step.action)!.handler(ctx as any);
    // Outputs may hold arrays from the host realm (global fetch parses JSON outside Jest's
    // sandbox), which the templater refuses; a JSON round trip makes them local.
    context.steps[step.id] = { output: JSON.parse(JSON.stringify(output)) };
    ran.push(step.id);
  }
  return { ran, context, output: render(doc.spec.output) };
}

describe('running integration-intake', () => {
  const workspace = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    workspace.clear();
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  const answers = {
    name: 'ehr-lab-orders',
    title: 'Epic → Sunquest "lab" orders',
    businessReason:
      'Send lab orders electronically instead of by fax: fewer lost orders',
    urgency: 'high',
    sourceSystem: 'component:default/epic-ehr',
    destinationSystem: 'component:default/sunquest-lis',
    dataClasses: ['demographics', 'lab-results'],
    messageTypes: ['ORM^O01'],
    patientPopulation: "All inpatients and ED patients at St. Mary's",
    phi: true,
    externalVendor: true,
    patientFacing: false,
    complianceRisk: 'moderate',
    minimumNecessaryJustification: 'MRN, name, DOB and the ordered tests only',
    phiSafeguards: 'TLS 1.2 over MLLP inside the data centre',
    vendorName: 'Sunquest Information Systems',
    vendorContactName: 'Pat Vendor',
    vendorContactEmail: 'pat@sunquest.example',
    baaStatus: 'signed',
    businessOwner: 'user:default/chris.nguyen',
    technicalOwner: 'group:default/integration-engineering',
    processOwner: 'user:default/jordan.lee',
    securityReviewer: 'group:default/security-office',
    complianceReviewer: 'group:default/compliance-office',
    testOwner: 'user:default/alex.kim',
    supportOwner: 'group:default/it-support',
  };

  function setup() {
    const { file, doc } = loadTemplate('integration-intake');
    const services = backend.services();
    const clock = { now: () => 0, sleep: async () => {} };
    const registry = new Map(actionsById);
    for (const a of createHealthcareIntegrationActions(services))
      registry.set(a.id, a);
    registry.set(
      'healthcare:gates:wait',
      waitForGatesAction({ ...services, clock }),
    );
    registry.set(
      'fetch:template',
      createFetchTemplateAction({
        reader: mockServices.urlReader.mock(),
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      }),
    );
    backend.on('POST /integrations', req => ({
      status: 201,
      body: statusOf(`component:default/${req.body.name}`, [
        gate('intake', 'pending'),
        gate('security-review', 'pending'),
      ]),
    }));
    backend.on('POST /integrations/default/ehr-lab-orders/evidence', req => ({
      status: 201,
      body: {
        id: '5f0c1a52-0000-4000-8000-000000000001',
        sha256: require('node:crypto')
          .createHash('sha256')
          .update(Buffer.from(req.body.contentBase64, 'base64'))
          .digest('hex'),
        sizeBytes: 1,
      },
    }));
    backend.on('GET /integrations/default/ehr-lab-orders', {
      body: statusOf('component:default/ehr-lab-orders', [
        gate('intake', 'approved'),
      ]),
    });
    return { doc, registry, baseUrl: `file://${file}` };
  }

  it('renders the skeleton in the entity and mapping formats, creates the record and attaches the operating model', async () => {
    const { doc, registry, baseUrl } = setup();
    const { ran, output } = await runTemplate(
      doc,
      answers,
      registry,
      workspace.path,
      baseUrl,
    );
    expect(ran).toEqual(['fetch', 'create', 'evidence']);

    const entity = parseYaml(
      fs.readFileSync(workspace.resolve('catalog-info.yaml'), 'utf8'),
    );
    expect(entity.metadata).toMatchObject({
      name: 'ehr-lab-orders',
      title: answers.title,
    });
    expect(entity.spec).toMatchObject({
      type: 'healthcare-integration',
      owner: 'group:default/integration-engineering',
      dependsOn: [
        'component:default/epic-ehr',
        'component:default/sunquest-lis',
      ],
    });
    // The entity's governance profile is exactly what the API would accept.
    const { roles, ...profile } = entity.spec.healthcare;
    expect(
      createIntegrationSchema.safeParse({
        name: entity.metadata.name,
        title: entity.metadata.title,
        profile,
        roles,
      }).success,
    ).toBe(true);
    expect(profile.vendorName).toBe('Sunquest Information Systems');

    const spec = parseYaml(
      fs.readFileSync(workspace.resolve('mapping-spec.yaml'), 'utf8'),
    );
    expect(mappingSpecSchema.safeParse(spec).success).toBe(true);
    expect(
      parseYaml(fs.readFileSync(workspace.resolve('mkdocs.yml'), 'utf8')).nav,
    ).toEqual([{ 'Operating model': 'index.md' }]);
    const docMd = fs.readFileSync(workspace.resolve('docs/index.md'), 'utf8');
    expect(docMd).toContain(
      '**Minimum necessary.** MRN, name, DOB and the ordered tests only',
    );
    expect(docMd).toContain('**Business associate agreement:** signed');
    expect(docMd).not.toContain('### Patient access');

    const [create, evidence] = backend.requests;
    expect(createIntegrationSchema.safeParse(create.body).success).toBe(true);
    expect(create.body.profile).toMatchObject({
      phi: true,
      externalVendor: true,
      vendorName: 'Sunquest Information Systems',
    });
    expect(create.body.profile).not.toHaveProperty('targetLaunch');
    expect(evidence.body).toMatchObject({
      kind: 'other',
      title: 'Operating model at intake',
      mediaType: 'text/markdown',
    });
    expect(
      Buffer.from(evidence.body.contentBase64, 'base64').toString('utf8'),
    ).toBe(docMd);

    expect(output.links).toEqual([
      {
        title: 'Integration in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/ehr-lab-orders',
      },
      {
        title: 'Integration governance',
        icon: 'dashboard',
        url: '/catalog/default/component/ehr-lab-orders/healthcare-integration',
      },
    ]);
    expect(output.text[0].content).toContain('intake, security-review');
  });

  it('waits for the intake gate only when asked to', async () => {
    const { doc, registry, baseUrl } = setup();
    const { ran } = await runTemplate(
      doc,
      {
        ...answers,
        externalVendor: false,
        waitForIntakeApproval: true,
        waitTimeoutMinutes: 60,
      },
      registry,
      workspace.path,
      baseUrl,
    );
    expect(ran).toEqual(['fetch', 'create', 'evidence', 'wait-intake']);
    expect(backend.requests.map(r => `${r.method} ${r.path}`).at(-1)).toBe(
      'GET /integrations/default/ehr-lab-orders',
    );
  });
});

describe('running change-request', () => {
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  it('sends a payload the API accepts', async () => {
    const { doc } = loadTemplate('change-request');
    backend.on(
      'POST /integrations/default/claims-837-clearinghouse/change-requests',
      req => ({
        status: 201,
        body: statusOf('component:default/claims-837-clearinghouse', [], {
          changeRequests: [
            {
              id: 'cr-1',
              type: req.body.type,
              changeClass: req.body.changeClass,
              status: 'assess',
              summary: req.body.summary,
              impactAssessment: req.body.impactAssessment,
              notify: req.body.notify,
              reopenedGates: ['security-review'],
              requestedBy: 'user:default/mock',
              requestedAt: '2026-01-01T00:00:00.000Z',
              locked: false,
              notifications: [],
            },
          ],
        }),
      }),
    );
    const registry = new Map(
      createHealthcareIntegrationActions(backend.services()).map(
        a => [a.id, a] as const,
      ),
    );
    const { output } = await runTemplate(
      doc,
      {
        entityRef: 'component:default/claims-837-clearinghouse',
        type: 'vendor-endpoint',
        changeClass: 'normal',
        summary: 'New clearinghouse SFTP endpoint',
        impactAssessment:
          'Claims batch moves to a new host; one night of parallel run',
        notify: ['group:default/revenue-cycle'],
      },
      registry,
      createMockDirectory().path,
      'file:///nowhere/template.yaml',
    );
    expect(
      openChangeRequestSchema.safeParse(backend.requests[0].body).success,
    ).toBe(true);
    expect(output.text[0].content).toContain('`cr-1`');
    expect(output.text[0].content).toContain('security-review');
    expect(output.links[0].url).toBe(
      '/catalog/default/component/claims-837-clearinghouse/healthcare-integration',
    );
  });
});
