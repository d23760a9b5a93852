import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Example mapping specs and sample messages shipped with the backend plugin. */
export const SAMPLES = join(
  dirname(
    require.resolve(
      '@hcig/backstage-plugin-healthcare-integration-backend/package.json',
    ),
  ),
  'samples',
);
/** Sample messages the example mappings are proven on (happy path and missing data). */
export const SAMPLE_RUNS: Record<
  string,
  Array<{ file: string; scenario: 'happy-path' | 'missing-data' }>
> = {
  'ehr-lab-orders': [
    { file: 'hl7v2/orm-o01.hl7', scenario: 'happy-path' },
    { file: 'hl7v2/orm-o01-missing-data.hl7', scenario: 'missing-data' },
  ],
};
export const sampleMapping = (name: string) => {
  const file = join(SAMPLES, 'mappings', `${name}.yaml`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};
