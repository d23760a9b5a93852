import { Knex } from 'knex';
import { services } from './services';

/**
 * Ingest with routing and dedup next to a raw batched insert of the same rows into the same
 * table, batches of 1,000. Two workloads:
 *  - `storm` (the target): each batch carries repeated failures of 100 integrations across the
 *    kinds already open on them, with one in ten events of a kind not yet open (a new
 *    exception, routed and audited) — what an engine sends while something is wrong;
 *  - `all-new` (reported): every event opens a new exception on a different integration.
 */
export async function ingestRatio(
  knex: Knex,
  names: string[],
  scenario: 'storm' | 'all-new',
) {
  const { monitoring } = services(knex);
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
        occurredAt: new Date().toISOString(),
        source: 'bench',
        dedupKey: `${prefix}-${scenario}-${b}-${k}`,
      };
    });
  let t = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) await monitoring.ingest(make('ingest', b));
  const ingestSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) {
    const rows = make('raw', b).map(e => ({
      dedup_key: e.dedupKey,
      entity_ref: e.integrationRef,
      category: e.category,
      kind: e.kind,
      severity: e.severity,
      count: e.count,
      occurred_at: e.occurredAt,
      received_at: e.occurredAt,
      source: e.source,
      message: null,
    }));
    await knex.transaction(async tx => {
      for (let k = 0; k < rows.length; k += 500)
        await tx('hip_monitoring_events').insert(rows.slice(k, k + 500));
    });
  }
  const rawSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const events = batches * size;
  return {
    scenario,
    ingestRate: events / ingestSeconds,
    rawRate: events / rawSeconds,
  };
}
