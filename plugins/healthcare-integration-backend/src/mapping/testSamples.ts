import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Reads the shipped samples (samples/ at the package root) for tests. */
const root = resolvePackagePath(
  '@hcig/backstage-plugin-healthcare-integration-backend',
  'samples',
);

export const sample = (rel: string) =>
  fs.readFileSync(path.join(root, rel), 'utf8');
export const sampleSpec = (name: string) =>
  YAML.parse(sample(`mappings/${name}.yaml`));
