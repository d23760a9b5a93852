import type { IngestResult } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import { normalizeRef } from '../lib/refs';
import { CHUNK } from './batchSize';
import type { MonitoringDeps } from './deps';
import { ValidEvent, parseEvent } from './eventValidation';
import { countIntoExceptions } from './exceptionRouting';
import { escalateHealth } from './healthUpdates';
import type { KnownRecords } from './knownRecords';
import type { SignalMarks } from './signalMarks';

/**
 * Ingest is per batch: each event is validated on its own; an invalid one is reported with its
 * index and reason and the valid ones are stored. An event is stored whole or not at all, and
 * counts once per dedup key however often it is retried.
 */
export async function ingestEvents(
  deps: MonitoringDeps & { known: KnownRecords; signals: SignalMarks },
  rawEvents: unknown[],
): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = [];
  const candidates: Array<{ index: number; event: ValidEvent }> = [];
  rawEvents.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if ('reason' in parsed) {
      rejected.push({ index, reason: parsed.reason });
      return;
    }
    try {
      const integrationRef = normalizeRef(
        parsed.event.integrationRef,
        'component',
      );
      candidates.push({ index, event: { ...parsed.event, integrationRef } });
    } catch {
      rejected.push({ index, reason: `integrationRef: not an entity ref` });
    }
  });

  const known = await deps.known.of([
    ...new Set(candidates.map(c => c.event.integrationRef)),
  ]);
  const seenKeys = new Set<string>();
  const valid: ValidEvent[] = [];
  let duplicates = 0;
  for (const { index, event } of candidates) {
    if (!known.has(event.integrationRef)) {
      rejected.push({
        index,
        reason: `integrationRef: no governance record for ${event.integrationRef}`,
      });
    } else if (seenKeys.has(event.dedupKey)) {
      duplicates++;
    } else {
      seenKeys.add(event.dedupKey);
      valid.push(event);
    }
  }

  const now = deps.clock().toISOString();
  const touched: string[] = [];
  let accepted = 0;
  if (valid.length) {
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
      await deps.signals.mark(
        tx,
        [...new Set(fresh.map(e => e.integrationRef))],
        now,
      );
      await escalateHealth(tx, counted.opened);
      if (audits.size) await deps.auditLog.appendMany(tx, audits, now);
    });
  }
  await deps.notifier.notifyDue(touched);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates, rejected };
}
