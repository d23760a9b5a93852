import { readFileSync } from 'node:fs';

/**
 * Latency samples as median and a tail, and the backend's resident memory, for the result
 * table. The tail is the 99th percentile only where there are at least 100 samples; with fewer
 * it is reported as what it is, the maximum.
 */

export type Stats = {
  n: number;
  median: number;
  tail: number;
  tailLabel: 'p99' | 'max';
};

export type Row = Stats & {
  measure: string;
  target?: string;
  verdict?: 'pass' | 'FAIL';
};

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const p99 = s.length >= 100;
  return {
    n: s.length,
    median: at(0.5),
    tail: p99 ? at(0.99) : s[s.length - 1],
    tailLabel: p99 ? 'p99' : 'max',
  };
}

/** Milliseconds one call takes. */
export async function sample(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function time(n: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await sample(() => fn(i)));
  return stats(samples);
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}
