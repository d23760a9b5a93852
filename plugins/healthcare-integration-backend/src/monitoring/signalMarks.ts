import type { Knex } from 'knex';
import { CHUNK } from './batchSize';

/**
 * Records that a signal arrived (`last_signal_at`, which health's silence window reads). That
 * window is hours long, so a mark younger than a twentieth of it (at most a minute, written by
 * this instance) is not written again: a storm costs no extra writes.
 */
export class SignalMarks {
  private readonly signalMarks = new Map<string, number>();
  private readonly markMs: number;

  constructor(silenceWindowHours = 24) {
    this.markMs = Math.min(60_000, (silenceWindowHours * 3_600_000) / 20);
  }

  async mark(tx: Knex.Transaction, refs: string[], now: string) {
    const nowMs = Date.parse(now);
    const due = refs.filter(
      r => nowMs - (this.signalMarks.get(r) ?? 0) > this.markMs,
    );
    for (let i = 0; i < due.length; i += CHUNK) {
      await tx('hip_integrations')
        .whereIn('entity_ref', due.slice(i, i + CHUNK))
        .update({ last_signal_at: now });
    }
    // Remembered only once the transaction commits: a rolled-back mark must be written again.
    tx.executionPromise.then(
      () => due.forEach(r => this.signalMarks.set(r, nowMs)),
      () => {},
    );
  }
}
