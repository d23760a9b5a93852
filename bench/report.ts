/* eslint-disable no-console */
import type { Row } from './timing';

export type Target = {
  measure: string;
  figure: string;
  target: string;
  verdict: 'pass' | 'FAIL' | 'reported';
};

const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));

/** The result table on the console: every HTTP measure, then every target with its verdict. */
export function printTable(r: {
  database: string;
  cores: number;
  memoryGb: number;
  scale: number;
  load: string;
  seeded: unknown;
  seedSeconds: unknown;
  http: Row[];
  targets: Target[];
}) {
  console.log(
    `\n=== ${r.database} — ${r.cores} cores, ${r.memoryGb} GB, scale ${r.scale}, load ${r.load} ===`,
  );
  console.log(
    `seeded: ${JSON.stringify(r.seeded)} in ${JSON.stringify(r.seedSeconds)} s`,
  );
  console.log(
    `${'measure'.padEnd(72)} | ${'n'.padStart(4)} | ${'median ms'.padStart(
      10,
    )} | ${'tail ms'.padStart(12)} | target`,
  );
  for (const row of r.http) {
    console.log(
      `${row.measure.padEnd(72)} | ${String(row.n).padStart(4)} | ${f(
        row.median,
      ).padStart(10)} | ${`${f(row.tail)} ${row.tailLabel}`.padStart(12)} | ${
        row.target ?? ''
      } ${row.verdict ?? ''}`,
    );
  }
  console.log(`\ntargets (${r.database}):`);
  for (const t of r.targets) {
    console.log(
      `  ${
        t.verdict === 'FAIL' ? '✗' : t.verdict === 'pass' ? '✓' : '·'
      } ${t.measure.padEnd(64)} ${t.figure.padEnd(28)} ${t.target.padEnd(16)} ${
        t.verdict
      }`,
    );
  }
}
