import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import {
  MAPPING_SCHEMA_PATH,
  buildMappingJsonSchema,
  renderMappingJsonSchema,
} from './mappingJsonSchema';
import { sample } from './testSamples';

describe('docs/mapping-spec.schema.json', () => {
  it('matches the zod schema (regenerate: node -r @backstage/cli/config/nodeTransform.cjs src/mapping/mappingJsonSchema.ts)', () => {
    expect(readFileSync(MAPPING_SCHEMA_PATH, 'utf8')).toBe(
      renderMappingJsonSchema(),
    );
  });

  it('describes the spec: transforms, roles and data classes are enumerated', () => {
    const text = JSON.stringify(buildMappingJsonSchema());
    for (const word of [
      'code-map',
      'date-format',
      'fhirpath',
      'processOwner',
      'lab-results',
      'hl7v2',
    ]) {
      expect(text).toContain(`"${word}"`);
    }
  });

  it('the example specs are plain YAML objects with the documented top-level keys', () => {
    const spec = YAML.parse(sample('mappings/ehr-lab-orders.yaml'));
    const def = (buildMappingJsonSchema() as any).definitions.MappingSpec;
    expect(Object.keys(spec).sort()).toEqual(
      Object.keys(def.properties).sort(),
    );
  });
});
