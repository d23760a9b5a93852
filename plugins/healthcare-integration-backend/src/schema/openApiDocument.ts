import { zodToJsonSchema } from 'zod-to-json-schema';
import type { z } from 'zod';
import { ROUTES } from './routes';
import { RESPONSE_TYPES } from './responseTypes';
import responseSchemas from './responseSchemas.json';

/** `/integrations/:namespace/:name` → `/integrations/{namespace}/{name}`. */
export function toOpenApiPath(expressPath: string) {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodTypeAny) {
  // Inline: a `$ref` relative to one body's root would dangle inside the document.
  const { $schema, ...rest } = zodToJsonSchema(schema, {
    $refStrategy: 'none',
  }) as Record<string, unknown>;
  return rest;
}

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
});

function successResponse(
  id: string,
  route: { responseDescription: string; responseMediaType?: string },
) {
  const type = RESPONSE_TYPES[id];
  return {
    description: route.responseDescription,
    content: {
      [route.responseMediaType ?? 'application/json']: {
        schema: type ? { $ref: `#/components/schemas/${type}` } : {},
      },
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST API: paths, parameters and request bodies from the
 * route table's zod schemas, responses from the generated response schemas.
 */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = toOpenApiPath(route.path);
    const paramSchemas = route.params
      ? (jsonSchema(route.params) as { properties?: Record<string, unknown> })
          .properties ?? {}
      : {};
    const params = [...route.path.matchAll(/:(\w+)/g)].map(m => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: paramSchemas[m[1]] ?? { type: 'string' },
    }));
    const query = route.query
      ? Object.entries(
          (jsonSchema(route.query) as { properties?: Record<string, unknown> })
            .properties ?? {},
        ).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }))
      : [];
    paths[path] = paths[path] ?? {};
    paths[path][route.method] = {
      operationId: route.id,
      summary: route.summary,
      ...(route.permission
        ? { 'x-backstage-permission': route.permission.name }
        : {}),
      parameters: [...params, ...query],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: jsonSchema(route.body) },
              },
            },
          }
        : {}),
      responses: {
        [String(route.status ?? 200)]: successResponse(route.id, route),
        ...(route.id === 'update-integration'
          ? {
              '202': {
                ...successResponse(route.id, route),
                description:
                  'A governed change (roles, PHI and other profile fields) is proposed, not applied: the status with the pending record change',
              },
            }
          : {}),
        '400': errorResponse('Invalid input; the message names the field'),
        '401': errorResponse('No valid Backstage credentials'),
        '403': errorResponse(
          'Denied by the permission policy, role or segregation of duties',
        ),
        ...(route.path.includes(':name')
          ? { '404': errorResponse('No such record') }
          : {}),
        ...(route.mutates
          ? { '409': errorResponse('Refused by a governance rule') }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'healthcare-integration',
      version: '1',
      description:
        'Governance of healthcare integrations: policy-derived gates, evidence, approvals, lifecycle, change requests and a tamper-evident audit trail.',
    },
    servers: [{ url: '/api/healthcare-integration' }],
    security: [{ JWT: [] }],
    components: {
      securitySchemes: {
        JWT: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: responseSchemas,
    },
    paths,
  };
}
