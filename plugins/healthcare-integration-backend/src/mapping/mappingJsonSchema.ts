import { writeFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { mappingSpecSchema } from '@hcig/backstage-plugin-healthcare-integration-common';

/** Where the published JSON Schema of the mapping spec lives (checked by mappingJsonSchema.test.ts). */
export const MAPPING_SCHEMA_PATH = resolvePackagePath(
  '@hcig/backstage-plugin-healthcare-integration-backend',
  '../../docs/mapping-spec.schema.json',
);

/**
 * The JSON Schema (draft-07) of a mapping spec as written, generated from the zod schema the
 * backend validates with, so editors and CI can check specs without the backend.
 */
export function buildMappingJsonSchema() {
  const schema = zodToJsonSchema(mappingSpecSchema, {
    name: 'MappingSpec',
    target: 'jsonSchema7',
    // Defaults make fields optional for authors: describe the input.
    pipeStrategy: 'input',
    effectStrategy: 'input',
  });
  return {
    $id: 'https://backstage.io/healthcare-integration/mapping-spec.schema.json',
    title: 'Healthcare integration MappingSpec (healthcare-integration/v1)',
    ...schema,
  };
}

export function renderMappingJsonSchema() {
  return `${JSON.stringify(buildMappingJsonSchema(), null, 2)}\n`;
}

// node -r @backstage/cli/config/nodeTransform.cjs src/mapping/mappingJsonSchema.ts
if (require.main === module) {
  writeFileSync(MAPPING_SCHEMA_PATH, renderMappingJsonSchema());
  // eslint-disable-next-line no-console
  console.log(`wrote ${MAPPING_SCHEMA_PATH}`);
}
