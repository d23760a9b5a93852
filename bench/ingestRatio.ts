import { Knex } from 'knex';
import { RecordingNotifications, services } from './services';

/**
 * Ingest with routing and dedup next to a raw batched insert of the same rows into the same
 * table, batches of 1,000, the two alternating batch by batch (so neither always runs on the
 * larger table or the warmer cache). Ingest runs with a notification service wired (a recording
 * stub at the service boundary), so the notifier's claims run as in production. Two workloads:
 *  - `storm` (the target): each batch carries repeated failures of 100 integrations across the
 *    kinds already open on them, with one in ten events of a kind not yet open (a new
 *    exception, routed and audited) — what an engine sends while something is wrong;
 *  - `all-new`: every event opens a new exception on a different integration, routed,
 *    audited and notified.
 */
export async function ingestRatio(
  knex: Knex,
  names: string[],
  scenario: 'storm' | 'all-new',
) {
  const notifications = new RecordingNotifications();
  const { monitoring } = services(knex, notifications);
  const start = Date.now();
  const batches = 20;
  const size = 1000;
  const make = (prefix: string, b: number) =>
    Array.from({ length: size }, (_, k) => {
      const storm = scenario === 'storm';
      const name = storm
        ? names[(b * 100 + (k % 100)) % names.length]
        : names[(b * size + k) % names.length];
      const kind = storm
        ? k % 10 === 9
          ? `${prefix}-new-${b}`
          : `kind-${k % 5}`
        : `${prefix}-kind`;
      return {
        integrationRef: `component:default/${name}`,
        category:
          storm && k % 10 !== 9
            ? (['technical', 'clinical', 'access', 'policy'] as const)[
                (k % 5) % 4
              ]
            : ('technical' as const),
        kind,
        severity: 'error' as const,
        count: 1,
        // Spread over the last minutes, as an engine's backlog arrives.
        occurredAt: new Date(
          start - ((b * size + k) % 600) * 1000,
        ).toISOString(),
        source: 'bench',
        dedupKey: `${prefix}-${scenario}-${b}-${k}`,
      };
    });
  const raw = async (b: number) => {
    const rows = make('raw', b).map(e => ({
      dedup_key: e.dedupKey,
      entity_ref: e.integrationRef,
      category: e.category,
      kind: e.kind,
      severity: e.severity,
      count: e.count,
      occurred_at: e.occurredAt,
      received_at: new Date().toISOString(),
      source: e.source,
      message: null,
    }));
    await knex.transaction(async tx => {
      for (let k = 0; k < rows.length; k += 500)
        await tx('hip_monitoring_events').insert(rows.slice(k, k + 500));
    });
  };
  const seconds = async (fn: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e9;
  };
  let ingestSeconds = 0;
  let rawSeconds = 0;
  for (let b = 0; b < batches; b++) {
    // Alternate which goes first, too.
    if (b % 2) rawSeconds += await seconds(() => raw(b));
    ingestSeconds += await seconds(() => monitoring.ingest(make('ingest', b)));
    if (!(b % 2)) rawSeconds += await seconds(() => raw(b));
  }
  const events = batches * size;
  return {
    scenario,
    ingestRate: events / ingestSeconds,
    rawRate: events / rawSeconds,
    ratio: rawSeconds / ingestSeconds,
    notificationsSent: notifications.sent.length,
  };
}
