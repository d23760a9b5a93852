import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  expectedOnBehalfOfHeader,
  startFakeBackend,
} from '../testing/fakeBackend';
import { validateMappingAction } from './validateMapping';

const SPEC = `apiVersion: healthcare-integration/v1
kind: MappingSpec
source: { standard: hl7v2, version: '2.5.1', message: 'ORM^O01' }
destination: { standard: fhir, version: R4, resource: ServiceRequest }
rows:
  - id: patient-mrn
    source: PID-3.1
    destination: Patient.identifier.value
    transform: { type: copy }
    required: true
    phiClass: demographics
    meaning: Medical record number assigned by the hospital
    confirmBy: processOwner
`;

describe('healthcare:mapping:validate', () => {
  const dir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    dir.setContent({
      workspace: { 'mapping-spec.yaml': SPEC, 'broken.yaml': 'rows: [\n' },
    });
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  it('posts the parsed spec and passes when it is valid', async () => {
    backend.on('POST /mappings/validate', {
      body: { valid: true, errors: [], warnings: [] },
    });
    const ctx = createMockActionContext({
      input: { path: 'mapping-spec.yaml' },
      workspacePath: dir.resolve('workspace'),
    });
    await validateMappingAction(backend.services()).handler(ctx);
    const [req] = backend.requests;
    expect(req.headers.authorization).toBe(expectedOnBehalfOfHeader());
    expect(req.body.spec.kind).toBe('MappingSpec');
    expect(req.body.spec.source).toEqual({
      standard: 'hl7v2',
      version: '2.5.1',
      message: 'ORM^O01',
    });
    expect(req.body.spec.rows[0]).toMatchObject({
      id: 'patient-mrn',
      transform: { type: 'copy' },
      required: true,
    });
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('fails listing every error, with rows, paths and suggestions', async () => {
    backend.on('POST /mappings/validate', {
      body: {
        valid: false,
        errors: [
          {
            row: 'patient-mrn',
            path: 'rows[0].destination',
            message: 'unknown FHIR path Patient.identifer.value',
            suggestion: 'Patient.identifier.value',
          },
          {
            path: 'source.message',
            message: "unknown HL7 v2 message 'ORM^O99'",
          },
        ],
        warnings: [{ row: 'patient-mrn', message: 'meaning is short' }],
      },
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { path: 'mapping-spec.yaml' },
      logger,
      workspacePath: dir.resolve('workspace'),
    });
    const failure = validateMappingAction(backend.services()).handler(ctx);
    await expect(failure).rejects.toThrow(
      'Mapping spec mapping-spec.yaml has 2 problem(s)',
    );
    await expect(failure).rejects.toThrow(
      '- row patient-mrn rows[0].destination: unknown FHIR path Patient.identifer.value (suggestion: Patient.identifier.value)',
    );
    await expect(failure).rejects.toThrow(
      "- source.message: unknown HL7 v2 message 'ORM^O99'",
    );
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      'Warning: row patient-mrn: meaning is short',
    );
  });

  it('fails on warnings when asked to', async () => {
    backend.on('POST /mappings/validate', {
      body: {
        valid: true,
        errors: [],
        warnings: [{ message: 'no confirmBy on 1 row' }],
      },
    });
    const ctx = createMockActionContext({
      input: { path: 'mapping-spec.yaml', failOnWarnings: true },
      workspacePath: dir.resolve('workspace'),
    });
    await expect(
      validateMappingAction(backend.services()).handler(ctx),
    ).rejects.toThrow('- no confirmBy on 1 row');
  });

  it('still validates in a dry run (it only reads)', async () => {
    backend.on('POST /mappings/validate', {
      body: { valid: true, errors: [], warnings: [] },
    });
    const ctx = {
      ...createMockActionContext({
        input: { path: 'mapping-spec.yaml' },
        workspacePath: dir.resolve('workspace'),
      }),
      isDryRun: true,
    };
    await validateMappingAction(backend.services()).handler(ctx);
    expect(backend.requests).toHaveLength(1);
  });

  it('refuses unparsable YAML and paths outside the workspace before calling the API', async () => {
    const action = validateMappingAction(backend.services());
    await expect(
      action.handler(
        createMockActionContext({
          input: { path: 'broken.yaml' },
          workspacePath: dir.resolve('workspace'),
        }),
      ),
    ).rejects.toThrow('Invalid mapping spec broken.yaml: not YAML or JSON');
    await expect(
      action.handler(
        createMockActionContext({
          input: { path: '../x.yaml' },
          workspacePath: dir.resolve('workspace'),
        }),
      ),
    ).rejects.toThrow(
      "Invalid path: '../x.yaml' is outside the template workspace",
    );
    expect(backend.requests).toHaveLength(0);
  });

  it('reports a missing validator endpoint clearly', async () => {
    const ctx = createMockActionContext({
      input: { path: 'mapping-spec.yaml' },
      workspacePath: dir.resolve('workspace'),
    });
    await expect(
      validateMappingAction(backend.services()).handler(ctx),
    ).rejects.toThrow(
      'Validating the mapping spec failed: No route POST /mappings/validate (HTTP 404)',
    );
  });
});
