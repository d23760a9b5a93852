import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { buildOpenApiDocument, toOpenApiPath } from './openApiDocument';
import { createRouter } from '../service/router';
import { ROUTES } from './routes';
import { RESPONSE_TYPES } from './responseTypes';
import committedSchemas from './responseSchemas.json';
import { generateResponseSchemas } from '../../scripts/responseSchemas';

const committedPath = resolve(__dirname, 'openapi.yaml');

describe('OpenAPI document', () => {
  it('matches the committed openapi.yaml (regenerate with `yarn workspace @hcig/backstage-plugin-healthcare-integration-backend openapi:generate`)', () => {
    const committed = YAML.parse(readFileSync(committedPath, 'utf8'));
    expect(committed).toEqual(
      JSON.parse(JSON.stringify(buildOpenApiDocument())),
    );
  });

  it('has response schemas generated from the current response types (regenerate as above)', () => {
    expect(generateResponseSchemas()).toEqual(committedSchemas);
  }, 60_000);

  it('names the response type of every route, and every $ref resolves', () => {
    expect(Object.keys(RESPONSE_TYPES).sort()).toEqual(
      ROUTES.map(r => r.id).sort(),
    );
    const doc = buildOpenApiDocument() as any;
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[\w.-]+/g)!;
    expect(refs.length).toBeGreaterThan(50);
    const missing = refs
      .map(r => r.slice('#/components/schemas/'.length))
      .filter(name => !(name in doc.components.schemas));
    expect([...new Set(missing)]).toEqual([]);
    // No reference relative to one request body's root (they dangle inside the document).
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"#\/properties/);
    const status =
      doc.paths['/integrations/{namespace}/{name}'].get.responses['200'];
    expect(status.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/GovernanceStatus',
    });
    expect(doc.components.schemas.GovernanceStatus.required).toEqual(
      expect.arrayContaining(['record', 'gates', 'evidence']),
    );
  });

  it('documents exactly the routes the router serves', async () => {
    const router = await createRouter({
      // Only the registered routes matter here.
      service: {} as any,
      monitoring: {} as any,
      mapping: {} as any,
      floor: {} as any,
      audit: {} as any,
      policyVersions: {} as any,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: { createEvent: jest.fn() } as any,
    });
    const served = (router as any).stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          m => `${m.toUpperCase()} ${toOpenApiPath(layer.route.path)}`,
        ),
      )
      .filter((r: string) => r !== 'GET /openapi.json')
      .sort();
    const documented = Object.entries(buildOpenApiDocument().paths)
      .flatMap(([p, ops]) =>
        Object.keys(ops).map(m => `${m.toUpperCase()} ${p}`),
      )
      .sort();
    expect(served).toEqual(documented);
    expect(documented).toContain(
      'POST /integrations/{namespace}/{name}/gates/{gateId}/decisions',
    );
    expect(documented.length).toBeGreaterThanOrEqual(19);
  });

  it('describes request bodies from the zod schemas', () => {
    const doc = buildOpenApiDocument() as any;
    const decide =
      doc.paths['/integrations/{namespace}/{name}/gates/{gateId}/decisions']
        .post;
    const schema = decide.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['decision', 'comment']);
    expect(schema.properties.decision.enum).toEqual([
      'approve',
      'reject',
      'request-changes',
    ]);
  });
});
