import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { buildOpenApiDocument, toOpenApiPath } from './openApiDocument';
import { createRouter } from '../service/router';

const committedPath = resolve(__dirname, 'openapi.json');

describe('OpenAPI document', () => {
  it('matches the committed openapi.json (regenerate with `yarn workspace @hcig/backstage-plugin-healthcare-integration-backend openapi:generate`)', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8'));
    expect(committed).toEqual(
      JSON.parse(JSON.stringify(buildOpenApiDocument())),
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
