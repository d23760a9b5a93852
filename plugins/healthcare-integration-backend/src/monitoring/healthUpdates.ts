import type { Knex } from 'knex';
import { groupBy } from '../lib/groupBy';
import { CHUNK } from './batchSize';
import { storedHealth } from './health';

/**
 * The stored health column of `hip_integrations`, kept in the transaction that changes the
 * exceptions it is derived from, so the portfolio can filter on it with one indexed query.
 */

/**
 * New events only ever raise health (a critical one means down, a warning or error one at
 * least degraded); lowering happens when exceptions are resolved.
 */
export async function escalateHealth(
  tx: Knex.Transaction,
  changes: Array<{ ref: string; severity: string }>,
) {
  const down = [
    ...new Set(changes.filter(c => c.severity === 'critical').map(c => c.ref)),
  ];
  const degraded = [
    ...new Set(
      changes
        .filter(c => c.severity === 'error' || c.severity === 'warning')
        .map(c => c.ref),
    ),
  ];
  for (let i = 0; i < down.length; i += CHUNK) {
    await tx('hip_integrations')
      .whereIn('entity_ref', down.slice(i, i + CHUNK))
      .whereNot('health', 'down')
      .update({ health: 'down' });
  }
  for (let i = 0; i < degraded.length; i += CHUNK) {
    await tx('hip_integrations')
      .whereIn('entity_ref', degraded.slice(i, i + CHUNK))
      .whereNotIn('health', ['down', 'degraded'])
      .update({ health: 'degraded' });
  }
}

/** Stores the time-independent health; `signal` marks that a monitoring signal arrived now. */
export async function refreshHealth(
  tx: Knex.Transaction,
  refs: string[],
  now: string,
  signal: boolean,
) {
  for (let i = 0; i < refs.length; i += CHUNK) {
    const chunk = refs.slice(i, i + CHUNK);
    const open = await tx('hip_exceptions')
      .whereIn('entity_ref', chunk)
      .whereNot('status', 'resolved')
      // Recovered at the source: still to be closed, but no longer a sign of trouble.
      .whereNull('recovered_at')
      .select('entity_ref', 'severity');
    const severities = new Map<string, string[]>(chunk.map(ref => [ref, []]));
    open.forEach(o => severities.get(o.entity_ref)!.push(o.severity));
    const byHealth = groupBy(chunk, ref => storedHealth(severities.get(ref)!));
    for (const refsWithHealth of byHealth) {
      await tx('hip_integrations')
        .whereIn('entity_ref', refsWithHealth)
        .update({
          health: storedHealth(severities.get(refsWithHealth[0])!),
          ...(signal ? { last_signal_at: now } : {}),
        });
    }
  }
}
