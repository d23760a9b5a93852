import type { Knex } from 'knex';
import type { IngestResult } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import { CHUNK } from './batchSize';
import type { MonitoringDeps } from './deps';
import { ValidEvent, parseEvent } from './eventValidation';
import { implausibleTime, timeBounds } from './eventTimes';
import { countIntoExceptions } from './exceptionRouting';
import { escalateHealth } from './healthUpdates';
import { integrationRefOf } from './integrationRefs';
import type { KnownRecords } from './knownRecords';
import type { SignalMarks } from './signalMarks';

/** What a caller (the Alertmanager path) does in the ingest transaction, after counting. */
export type AfterCount = (
  tx: Knex.Transaction,
  ctx: {
    /** Open key → id of the exception the new events counted into. */
    exceptionOf: Map<string, string>;
    audits: Map<string, AuditEntry[]>;
    now: string;
  },
) => Promise<{ touched?: string[] } | void>;

/**
 * Ingest is per batch: each event is validated on its own; an invalid one is reported with its
 * index and reason and the valid ones are stored. An event is stored whole or not at all, and
 * counts once per dedup key however often it is retried. Every valid delivery, a duplicate
 * included, is a signal for health.
 */
export async function ingestEvents(
  deps: MonitoringDeps & { known: KnownRecords; signals: SignalMarks },
  rawEvents: unknown[],
  options: {
    afterCount?: AfterCount;
    /** What the Alertmanager path adds to event `index` (never read from the event's JSON). */
    extras?: Map<
      number,
      Pick<ValidEvent, 'links' | 'reopenedFrom' | 'timeNote'>
    >;
  } = {},
): Promise<IngestResult> {
  const { afterCount, extras } = options;
  const rejected: IngestResult['rejected'] = [];
  const candidates: Array<{ index: number; event: ValidEvent }> = [];
  const clock = deps.clock();
  const bounds = timeBounds(deps.policy, clock);
  rawEvents.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if ('reason' in parsed) {
      rejected.push({ index, reason: parsed.reason });
      return;
    }
    const integrationRef = integrationRefOf(parsed.event.integrationRef);
    if (typeof integrationRef !== 'string') {
      rejected.push({ index, reason: integrationRef.reason });
      return;
    }
    const badTime = implausibleTime(
      'occurredAt',
      parsed.event.occurredAt,
      bounds,
    );
    if (badTime) {
      rejected.push({ index, reason: badTime });
      return;
    }
    candidates.push({
      index,
      event: { ...parsed.event, ...extras?.get(index), integrationRef },
    });
  });

  const known = await deps.known.of([
    ...new Set(candidates.map(c => c.event.integrationRef)),
  ]);
  const seenKeys = new Set<string>();
  const valid: ValidEvent[] = [];
  const signalled = new Set<string>();
  let duplicates = 0;
  for (const { index, event } of candidates) {
    if (!known.has(event.integrationRef)) {
      rejected.push({
        index,
        reason: `integrationRef: no governance record for ${event.integrationRef}`,
      });
      continue;
    }
    signalled.add(event.integrationRef);
    if (seenKeys.has(event.dedupKey)) {
      duplicates++;
    } else {
      seenKeys.add(event.dedupKey);
      valid.push(event);
    }
  }

  const now = clock.toISOString();
  const touched: string[] = [];
  let accepted = 0;
  if (signalled.size || afterCount) {
    await deps.db.transaction(async tx => {
      const inserted = new Set<string>();
      for (let i = 0; i < valid.length; i += CHUNK) {
        const rows = valid.slice(i, i + CHUNK).map(e => ({
          dedup_key: e.dedupKey,
          entity_ref: e.integrationRef,
          category: e.category,
          kind: e.kind,
          severity: e.severity,
          count: e.count,
          occurred_at: e.occurredAt,
          received_at: now,
          source: e.source,
          message: e.message ?? null,
          time_note: e.timeNote ?? null,
        }));
        const result: Array<{ dedup_key: string }> = await tx(
          'hip_monitoring_events',
        )
          .insert(rows)
          .onConflict('dedup_key')
          .ignore()
          .returning('dedup_key');
        result.forEach(r => inserted.add(r.dedup_key));
      }
      const fresh = valid.filter(e => inserted.has(e.dedupKey));
      accepted = fresh.length;
      duplicates += valid.length - fresh.length;
      const audits = new Map<string, AuditEntry[]>();
      const counted = await countIntoExceptions(tx, deps.policy, fresh, audits);
      touched.push(...counted.touched);
      // Repeats and duplicates are deliveries too: the source is alive.
      await deps.signals.mark(tx, [...signalled], now);
      await escalateHealth(tx, counted.opened);
      const after = await afterCount?.(tx, {
        exceptionOf: counted.exceptionOf,
        audits,
        now,
      });
      if (after?.touched) touched.push(...after.touched);
      if (audits.size) await deps.auditLog.appendMany(tx, audits, now);
    });
  }
  if (accepted || touched.length)
    deps.recordsChanged?.([...new Set(valid.map(e => e.integrationRef))]);
  await deps.notifier.notifyDue([...new Set(touched)]);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates, rejected };
}
