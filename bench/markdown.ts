/* eslint-disable no-console */
// Prints a results JSON (bench/results/<db>-<time>.json) as the Markdown tables of
// docs/benchmarks.md: `node -r @backstage/cli/config/nodeTransform.cjs bench/markdown.ts <file>`.
import { readFileSync } from 'node:fs';
import type { Target } from './report';
import type { Row } from './timing';

const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));

for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  console.log(
    `### ${r.database} — scale ${r.scale}, ${r.at}, load average ${r.load}\n`,
  );
  console.log(
    `Seeded: ${JSON.stringify(r.seeded)} in ${JSON.stringify(
      r.seedSeconds,
    )} s.\n`,
  );
  console.log('| target | figure | target | verdict |\n|---|---|---|---|');
  for (const t of r.targets as Target[])
    console.log(`| ${t.measure} | ${t.figure} | ${t.target} | ${t.verdict} |`);
  console.log(
    '\n| measure (HTTP) | n | median ms | tail ms |\n|---|---:|---:|---:|',
  );
  for (const h of r.http as Row[])
    console.log(
      `| ${h.measure} | ${h.n} | ${f(h.median)} | ${f(h.tail)} ${
        h.tailLabel
      } |`,
    );
  console.log('');
}
