import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  IngestResult,
  MONITORING_CATEGORIES,
  MonitoringCategory,
  MonitoringSummary,
  Role,
  RoleHolders,
  isGateClosed,
} from '@internal/plugin-healthcare-integration-common';
import { AuditEntry, AuditLog } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';
import { normalizeRef } from '../lib/refs';
import type { RoleResolver } from '../engine/RoleResolver';
import type { ExceptionNotifier } from './ExceptionNotifier';
import { SEVERITY_RANK, rollUpHealth, storedHealth } from './health';
import { ExceptionRow, toException } from './rows';
import { ValidEvent, parseEvent } from './eventValidation';

const CHUNK = 500;
const SIGNAL_MARK_MS = 60_000;

/**
 * Monitoring after go-live. Ingest is per batch: each event is validated on its own; an
 * invalid one is reported with its index and reason and the valid ones are stored. An event
 * is stored whole or not at all, and counts once per dedup key however often it is retried.
 * Stored events roll up into one open exception per integration, category and kind, routed
 * to the role that owns the category.
 */
export class MonitoringService {
  private readonly knownRefs = new Set<string>();
  private readonly signalMarks = new Map<string, number>();

  constructor(
    private readonly db: Knex,
    private readonly policy: EffectivePolicy,
    private readonly governance: GovernanceEngine,
    private readonly roles: RoleResolver,
    private readonly notifier: ExceptionNotifier,
    private readonly clock: () => Date = () => new Date(),
    private readonly auditLog: AuditLog = new AuditLog(db),
  ) {}

  async ingest(rawEvents: unknown[]): Promise<IngestResult> {
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

    const known = await this.knownRecords([
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

    const now = this.clock().toISOString();
    const touched: string[] = [];
    let accepted = 0;
    if (valid.length) {
      await this.db.transaction(async tx => {
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
        const counted = await this.countIntoExceptions(tx, fresh, audits);
        touched.push(...counted.touched);
        await this.markSignal(
          tx,
          [...new Set(fresh.map(e => e.integrationRef))],
          now,
        );
        await this.escalateHealth(tx, counted.opened);
        if (audits.size) await this.auditLog.appendMany(tx, audits, now);
      });
    }
    await this.notifier.notifyDue(touched);
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected };
  }

  async transition(
    entityRef: string,
    exceptionId: string,
    to: 'acknowledged' | 'resolved',
    actor: Actor,
  ) {
    const record = await this.governance.getRecordRow(entityRef);
    if (!record)
      throw new NotFoundError(`No governance record for ${entityRef}`);
    const held = await this.roles.rolesOf(actor.ref, JSON.parse(record.roles));
    const now = this.clock().toISOString();
    await this.db.transaction(async tx => {
      const ex = await tx<ExceptionRow>('hip_exceptions')
        .where({ id: exceptionId, entity_ref: entityRef })
        .first();
      if (!ex)
        throw new NotFoundError(`No exception ${exceptionId} on ${entityRef}`);
      if (!held.includes(ex.routed_role as Role)) {
        throw new NotAllowedError(
          `Exception ${exceptionId} is routed to the ${ex.routed_role} (${ex.routed_to}); ${actor.ref} does not hold that role`,
        );
      }
      if (ex.status === 'resolved' || ex.status === to) {
        throw new ConflictError(
          `Exception ${exceptionId} is already ${ex.status}`,
        );
      }
      const update =
        to === 'acknowledged'
          ? { status: to, acknowledged_by: actor.ref, acknowledged_at: now }
          : {
              status: to,
              resolved_by: actor.ref,
              resolved_at: now,
              open_key: null,
            };
      const changed = await tx('hip_exceptions')
        .where({ id: exceptionId, status: ex.status })
        .update(update);
      if (!changed)
        throw new ConflictError(
          `Exception ${exceptionId} changed meanwhile; reload`,
        );
      await this.refreshHealth(tx, [entityRef], now, false);
      await this.governance.appendAuditInTransaction(
        tx,
        entityRef,
        [
          {
            actor: actor.ref,
            action: `exception.${to}`,
            subject: exceptionId,
            payload: {
              category: ex.category,
              kind: ex.kind,
              count: Number(ex.count),
            },
          },
        ],
        now,
      );
    });
    return this.summary(entityRef);
  }

  async summary(entityRef: string): Promise<MonitoringSummary> {
    const record = await this.governance.getRecordRow(entityRef);
    if (!record)
      throw new NotFoundError(`No governance record for ${entityRef}`);
    const now = this.clock();
    const [open, recent] = await Promise.all([
      this.db<ExceptionRow>('hip_exceptions')
        .where({ entity_ref: entityRef })
        .whereNot('status', 'resolved')
        .orderBy('last_seen_at', 'desc'),
      this.db<ExceptionRow>('hip_exceptions')
        .where({ entity_ref: entityRef, status: 'resolved' })
        .orderBy('resolved_at', 'desc')
        .limit(20),
    ]);
    const counts = {
      '24h': await this.countsSince(
        entityRef,
        new Date(now.getTime() - 86_400_000),
      ),
      '7d': await this.countsSince(
        entityRef,
        new Date(now.getTime() - 7 * 86_400_000),
      ),
    };
    const { health, reason } = rollUpHealth({
      stage: record.stage,
      openSeverities: open.map(e => e.severity),
      lastSignalAt: (record as any).last_signal_at,
      now,
      silenceWindowHours: this.policy.policy.monitoring.silenceWindowHours,
    });
    return {
      health,
      reason,
      lastSignalAt: (record as any).last_signal_at ?? undefined,
      exceptions: [...open, ...recent].map(toException),
      counts,
    };
  }

  /**
   * A live integration without an approved monitoring plan is itself a `policy` exception.
   * Run on a schedule; the dedup key makes it one event per integration per day.
   */
  async flagMissingMonitoringPlans(): Promise<IngestResult> {
    const day = this.clock().toISOString().slice(0, 10);
    const live = await this.db('hip_integrations as i')
      .leftJoin('hip_gates as g', j =>
        j
          .on('g.entity_ref', 'i.entity_ref')
          .andOnVal(
            'g.gate_id',
            this.policy.policy.specialGates.monitoringPlan,
          ),
      )
      .whereIn('i.stage', ['live', 'change'])
      .select('i.entity_ref', 'g.status');
    const missing = live.filter(r => !r.status || !isGateClosed(r.status));
    return this.ingest(
      missing.map(r => ({
        integrationRef: r.entity_ref,
        category: 'policy',
        kind: 'missing-monitoring-plan',
        severity: 'warning',
        occurredAt: new Date().toISOString(),
        source: 'healthcare-integration:policy',
        dedupKey: `policy:missing-monitoring-plan:${r.entity_ref}:${day}`,
        message: 'Live without an approved monitoring plan',
      })),
    );
  }

  /** Which refs have a record. Records are never deleted, so a ref once found stays known. */
  private async knownRecords(refs: string[]) {
    const missing = refs.filter(r => !this.knownRefs.has(r));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await this.db('hip_integrations')
        .whereIn('entity_ref', missing.slice(i, i + CHUNK))
        .select('entity_ref');
      rows.forEach(r => this.knownRefs.add(r.entity_ref));
    }
    return this.knownRefs;
  }

  /** Current role holders, read when an exception opens (roles may change on any instance). */
  private async roleHolders(tx: Knex.Transaction, refs: string[]) {
    const holders = new Map<string, RoleHolders>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const rows = await tx('hip_integrations')
        .whereIn('entity_ref', refs.slice(i, i + CHUNK))
        .select('entity_ref', 'roles');
      rows.forEach(r => holders.set(r.entity_ref, JSON.parse(r.roles)));
    }
    return holders;
  }

  /**
   * Records that a signal arrived. Health's silence window is hours long, so a mark less than a
   * minute old (written by this instance) is not written again: a storm costs no extra writes.
   */
  private async markSignal(tx: Knex.Transaction, refs: string[], now: string) {
    const nowMs = Date.parse(now);
    const due = refs.filter(
      r => nowMs - (this.signalMarks.get(r) ?? 0) > SIGNAL_MARK_MS,
    );
    for (let i = 0; i < due.length; i += CHUNK) {
      await tx('hip_integrations')
        .whereIn('entity_ref', due.slice(i, i + CHUNK))
        .update({ last_signal_at: now });
    }
    tx.executionPromise.then(
      () => due.forEach(r => this.signalMarks.set(r, nowMs)),
      () => {},
    );
  }

  private routeFor(category: MonitoringCategory, kind: string): Role {
    const { routes, kindRoutes } = this.policy.policy.monitoring;
    return (
      kindRoutes?.find(r => r.category === category && r.kind === kind)?.role ??
      routes[category]
    );
  }

  /**
   * Adds new events to the open exception of their integration, category and kind, opening
   * one where none is open: one UPDATE … FROM (VALUES …) RETURNING for the open ones, one
   * insert for the rest. On PostgreSQL the open exceptions are first locked in key order, so
   * concurrent batches wait for each other instead of deadlocking; an exception opened
   * meanwhile by another instance is caught by the unique open key and counted into instead.
   */
  private async countIntoExceptions(
    tx: Knex.Transaction,
    events: ValidEvent[],
    audits: Map<string, AuditEntry[]>,
  ): Promise<{
    touched: string[];
    opened: Array<{ ref: string; severity: string }>;
  }> {
    const groups = groupBy(events, e => openKeyOf(e)).map(group =>
      aggregate(group),
    );
    if (tx.client.config.client === 'pg')
      await this.lockOpenExceptions(
        tx,
        groups.map(g => g.openKey),
      );
    const counted = await this.addToOpen(tx, groups);
    const fresh = groups.filter(g => !counted.has(g.openKey));
    const holders = fresh.length
      ? await this.roleHolders(tx, [
          ...new Set(fresh.map(g => g.integrationRef)),
        ])
      : new Map<string, RoleHolders>();
    const rows = fresh.map(g => {
      const role = this.routeFor(g.category, g.kind);
      return {
        id: randomUUID(),
        entity_ref: g.integrationRef,
        category: g.category,
        kind: g.kind,
        severity: g.worst,
        status: 'open',
        count: g.count,
        routed_role: role,
        routed_to: holders.get(g.integrationRef)![role],
        first_seen_at: g.firstSeen,
        last_seen_at: g.lastSeen,
        last_message: g.message,
        notified_count: 0,
        open_key: g.openKey,
      };
    });
    const opened = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const inserted: Array<{ open_key: string }> = await tx('hip_exceptions')
        .insert(rows.slice(i, i + 500))
        .onConflict('open_key')
        .ignore()
        .returning('open_key');
      inserted.forEach(r => opened.add(r.open_key));
    }
    const openedRows = rows.filter(r => opened.has(r.open_key));
    const sourceOf = new Map(fresh.map(g => [g.openKey, g.source]));
    for (const row of openedRows) {
      const entries = audits.get(row.entity_ref) ?? [];
      entries.push({
        actor: `monitoring:${sourceOf.get(row.open_key)}`,
        action: 'exception.opened',
        subject: row.id,
        payload: {
          category: row.category,
          kind: row.kind,
          severity: row.severity,
          count: row.count,
          routedRole: row.routed_role,
          routedTo: row.routed_to,
        },
      });
      audits.set(row.entity_ref, entries);
    }
    // Lost an insert race: count into the exception the other writer opened.
    const raced = fresh.filter(g => !opened.has(g.openKey));
    if (raced.length)
      (await this.addToOpen(tx, raced)).forEach((id, key) =>
        counted.set(key, id),
      );
    return {
      touched: [...openedRows.map(r => r.id), ...counted.values()],
      opened: groups
        .filter(g => counted.has(g.openKey) || opened.has(g.openKey))
        .map(g => ({ ref: g.integrationRef, severity: g.worst })),
    };
  }

  /** Counts groups into their open exceptions; returns open key → exception id of those found. */
  private async addToOpen(
    tx: Knex.Transaction,
    groups: ReturnType<typeof aggregate>[],
  ) {
    const found = new Map<string, string>();
    const rank = (col: string) =>
      `CASE ${col} WHEN 'critical' THEN 3 WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END`;
    for (let i = 0; i < groups.length; i += 1000) {
      const chunk = groups.slice(i, i + 1000);
      const result = await tx.raw(
        `UPDATE hip_exceptions SET count = hip_exceptions.count + CAST(v.column2 AS INTEGER),
           last_seen_at = CASE WHEN v.column3 > hip_exceptions.last_seen_at THEN v.column3 ELSE hip_exceptions.last_seen_at END,
           severity = CASE WHEN ${rank('v.column4')} > ${rank(
          'hip_exceptions.severity',
        )} THEN v.column4 ELSE hip_exceptions.severity END,
           last_message = COALESCE(v.column5, hip_exceptions.last_message)
         FROM (VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}) AS v
         WHERE hip_exceptions.open_key = v.column1
         RETURNING hip_exceptions.id, hip_exceptions.open_key`,
        chunk.flatMap(g => [
          g.openKey,
          String(g.count),
          g.lastSeen,
          g.worst,
          g.message,
        ]),
      );
      const rows: Array<{ id: string; open_key: string }> = Array.isArray(
        result,
      )
        ? result
        : result.rows;
      rows.forEach(r => found.set(r.open_key, r.id));
    }
    return found;
  }

  private async lockOpenExceptions(tx: Knex.Transaction, keys: string[]) {
    const sorted = [...keys].sort();
    for (let i = 0; i < sorted.length; i += CHUNK) {
      await tx('hip_exceptions')
        .whereIn('open_key', sorted.slice(i, i + CHUNK))
        .orderBy('open_key')
        .forUpdate()
        .select('id');
    }
  }

  /**
   * New events only ever raise health (a critical one means down, a warning or error one at
   * least degraded); lowering happens when exceptions are resolved.
   */
  private async escalateHealth(
    tx: Knex.Transaction,
    changes: Array<{ ref: string; severity: string }>,
  ) {
    const down = [
      ...new Set(
        changes.filter(c => c.severity === 'critical').map(c => c.ref),
      ),
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
  private async refreshHealth(
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
        .select('entity_ref', 'severity');
      const severities = new Map<string, string[]>(chunk.map(ref => [ref, []]));
      open.forEach(o => severities.get(o.entity_ref)!.push(o.severity));
      const byHealth = groupBy(chunk, ref =>
        storedHealth(severities.get(ref)!),
      );
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

  private async countsSince(entityRef: string, since: Date) {
    const rows = await this.db('hip_monitoring_events')
      .where({ entity_ref: entityRef })
      .where('occurred_at', '>=', since.toISOString())
      .groupBy('category')
      .select('category')
      .sum({ n: 'count' });
    const counts = Object.fromEntries(
      MONITORING_CATEGORIES.map(c => [c, 0]),
    ) as Record<MonitoringCategory, number>;
    rows.forEach((r: any) => {
      counts[r.category as MonitoringCategory] = Number(r.n);
    });
    return counts;
  }
}

function openKeyOf(e: ValidEvent) {
  return `${e.integrationRef}|${e.category}|${e.kind}`;
}

/** One group of new events of the same integration, category and kind, summed up. */
function aggregate(group: ValidEvent[]) {
  const times = group.map(e => e.occurredAt).sort();
  return {
    openKey: openKeyOf(group[0]),
    integrationRef: group[0].integrationRef,
    category: group[0].category,
    kind: group[0].kind,
    source: group[0].source,
    count: group.reduce((n, e) => n + e.count, 0),
    worst: group.reduce(
      (w, e) => (SEVERITY_RANK[e.severity] > SEVERITY_RANK[w] ? e.severity : w),
      'info',
    ),
    firstSeen: times[0],
    lastSeen: times[times.length - 1],
    message: group.find(e => e.message)?.message ?? null,
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return [...map.values()];
}
