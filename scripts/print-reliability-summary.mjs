// Prints the figures the reliability suite recorded (test-artifacts/reliability-summary.jsonl)
// as one table, and fails if any check failed or none ran.
import { existsSync, readFileSync } from 'node:fs';

const file = new URL(
  '../test-artifacts/reliability-summary.jsonl',
  import.meta.url,
);
if (!existsSync(file)) {
  console.error('No reliability figures were recorded.');
  process.exit(1);
}
const rows = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map(l => JSON.parse(l));
const widths = ['check', 'figure', 'value', 'verdict'].map(k =>
  Math.max(k.length, ...rows.map(r => String(r[k]).length)),
);
const line = cells =>
  cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
console.log('\nReliability summary');
console.log(line(['check', 'figure', 'value', 'verdict']));
console.log(widths.map(w => '-'.repeat(w)).join('-|-'));
rows.forEach(r => console.log(line([r.check, r.figure, r.value, r.verdict])));
const failed = rows.filter(r => r.verdict !== 'pass').length;
console.log(`\n${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
