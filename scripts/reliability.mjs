// Runs the reliability suite (backend package, *.reliability.ts) and prints its summary table,
// failing if either the tests or any recorded check failed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync(
  new URL('../test-artifacts/reliability-summary.jsonl', import.meta.url),
  { force: true },
);
// Run under `yarn run`, which puts its own `yarn` on PATH.
const tests = spawnSync(
  'yarn',
  [
    'workspace',
    '@hcig/backstage-plugin-healthcare-integration-backend',
    'test:reliability',
  ],
  { stdio: 'inherit' },
);
const summary = spawnSync(
  process.execPath,
  [new URL('./print-reliability-summary.mjs', import.meta.url).pathname],
  {
    stdio: 'inherit',
  },
);
process.exit(tests.status || summary.status);
