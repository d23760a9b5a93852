import { readFileSync } from 'node:fs';

/** Latency samples as median and p99, and the backend's resident memory, for the result table. */

export type Row = {
  measure: string;
  n: number;
  median: number;
  p99: number;
  target?: string;
  verdict?: string;
};

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p99: at(0.99) };
}

export async function time(n: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return stats(samples);
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}
