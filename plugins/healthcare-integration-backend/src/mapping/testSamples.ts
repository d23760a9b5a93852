import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** Reads the shipped samples (samples/ at the package root) for tests. */
const root = path.resolve(__dirname, '../../samples');

export const sample = (rel: string) =>
  fs.readFileSync(path.join(root, rel), 'utf8');
export const sampleSpec = (name: string) =>
  YAML.parse(sample(`mappings/${name}.yaml`));
