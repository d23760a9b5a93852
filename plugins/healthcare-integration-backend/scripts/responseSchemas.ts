// Generates the JSON Schemas of the API's responses from the TypeScript types the backend
// answers with (src/schema/responseTypes.ts names them; src/schema/wireTypes.ts exports them).
// Types inferred from zod schemas are taken from the zod schemas themselves.
import { resolve } from 'node:path';
import * as tsj from 'ts-json-schema-generator';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { z } from 'zod';
import {
  mappingEndpointSchema,
  mappingRowSchema,
  mappingSpecSchema,
  mappingTransformSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { RESPONSE_TYPES } from '../src/schema/responseTypes';

type JsonSchema = Record<string, unknown>;

const ZOD_TYPES: Record<string, z.ZodTypeAny> = {
  MappingSpec: mappingSpecSchema,
  MappingRow: mappingRowSchema,
  MappingEndpoint: mappingEndpointSchema,
  MappingTransform: mappingTransformSchema,
};

/** `Page<IntegrationSummary>` is not a valid OpenAPI component name. */
const componentName = (name: string) =>
  name.replace(/[<>]/g, m => (m === '<' ? 'Of' : '')).replace(/[^\w.-]/g, '_');

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as JsonSchema).map(([k, v]) =>
      k === '$ref' && typeof v === 'string'
        ? [
            k,
            `#/components/schemas/${componentName(
              decodeURIComponent(v.replace('#/definitions/', '')),
            )}`,
          ]
        : [k, rewriteRefs(v)],
    ),
  );
}

/** Component schemas by name, every `$ref` pointing at `#/components/schemas/…`. */
export function generateResponseSchemas(): Record<string, JsonSchema> {
  const config: tsj.CompletedConfig = {
    ...tsj.DEFAULT_CONFIG,
    path: resolve(__dirname, '../src/schema/wireTypes.ts'),
    tsconfig: resolve(__dirname, '../../../tsconfig.json'),
    skipTypeCheck: true,
    expose: 'export',
    topRef: false,
    additionalProperties: false,
    jsDoc: 'basic',
  };
  const program = tsj.createProgram(config);
  const parser = tsj.createParser(program, config, prs =>
    prs.addNodeParser({
      supportsNode: node =>
        node.kind === tsj.ts.SyntaxKind.TypeReference &&
        (node as tsj.ts.TypeReferenceNode).typeName.getText() in ZOD_TYPES,
      createType: node =>
        new tsj.DefinitionType(
          (node as tsj.ts.TypeReferenceNode).typeName.getText(),
          new tsj.AnyType(),
        ),
    }),
  );
  const generator = new tsj.SchemaGenerator(
    program,
    parser,
    tsj.createFormatter(config),
    config,
  );
  const schemas: Record<string, JsonSchema> = {};
  const names = [...new Set(Object.values(RESPONSE_TYPES))].filter(
    (n): n is string => !!n,
  );
  for (const name of names.sort()) {
    const {
      definitions = {},
      $schema: _s,
      ...schema
    } = generator.createSchema(name) as JsonSchema & {
      definitions?: Record<string, JsonSchema>;
    };
    for (const [def, value] of Object.entries(definitions))
      schemas[componentName(def)] = value as JsonSchema;
    schemas[componentName(name)] = schema;
  }
  for (const [name, schema] of Object.entries(ZOD_TYPES)) {
    if (!(name in schemas)) continue;
    const { $schema: _s, ...json } = zodToJsonSchema(schema, {
      $refStrategy: 'none',
    }) as JsonSchema;
    schemas[name] = json;
  }
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map(k => [k, rewriteRefs(schemas[k]) as JsonSchema]),
  );
}
