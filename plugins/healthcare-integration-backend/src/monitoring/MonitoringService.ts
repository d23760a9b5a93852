import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  IngestResult,
  MONITORING_CATEGORIES,
  MonitoringCategory,
  MonitoringSummary,
  Role,
  RoleHolders,
  isGateClosed,
  monitoringEventSchema,
} from '@internal/plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import type { Actor, GovernanceService } from '../service/GovernanceService';
import { normalizeRef } from '../service/GovernanceService';
import type { RoleResolver } from '../service/RoleResolver';
import type { ExceptionNotifier } from './ExceptionNotifier';
import { SEVERITY_RANK, rollUpHealth, storedHealth } from './health';
import { ExceptionRow, toException } from './rows';

type ValidEvent = {
  integrationRef: string;
  category: MonitoringCategory;
  kind: string;
  severity: string;
  count: number;
  occurredAt: string;
  source: string;
  dedupKey: string;
  message?: string;
};

const CHUNK = 500;

/**
 * Monitoring after go-live. Ingest is per batch: each event is validated on its own; an
 * invalid one is reported with its index and reason and the valid ones are stored. An event
 * is stored whole or not at all, and counts once per dedup key however often it is retried.
 * Stored events roll up into one open exception per integration, category and kind, routed
 * to the role that owns the category.
 */
export class MonitoringService {
  constructor(
    private readonly db: Knex,
    private readonly policy: EffectivePolicy,
    private readonly governance: GovernanceService,
    private readonly roles: RoleResolver,
    private readonly notifier: ExceptionNotifier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest(rawEvents: unknown[]): Promise<IngestResult> {
    const rejected: IngestResult['rejected'] = [];
    const candidates: Array<{ index: number; event: ValidEvent }> = [];
    rawEvents.forEach((raw, index) => {
      const parsed = monitoringEventSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rejected.push({ index, reason: `${issue.path.join('.') || '(event)'}: ${issue.message}` });
        return;
      }
      try {
        const integrationRef = normalizeRef(parsed.data.integrationRef, 'component');
        candidates.push({
          index,
          event: {
            ...parsed.data,
            integrationRef,
            occurredAt: new Date(parsed.data.occurredAt).toISOString(),
          },
        });
      } catch {
        rejected.push({ index, reason: `integrationRef: not an entity ref` });
      }
    });

    const known = await this.knownRecords([...new Set(candidates.map(c => c.event.integrationRef))]);
    const seenKeys = new Set<string>();
    const valid: ValidEvent[] = [];
    let duplicates = 0;
    for (const { index, event } of candidates) {
      if (!known.has(event.integrationRef)) {
        rejected.push({ index, reason: `integrationRef: no governance record for ${event.integrationRef}` });
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
          const result: Array<{ dedup_key: string }> = await tx('hip_monitoring_events')
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
        for (const group of groupBy(fresh, e => `${e.integrationRef}|${e.category}|${e.kind}`)) {
          const id = await this.countIntoException(tx, group, known.get(group[0].integrationRef)!, audits);
          touched.push(id);
        }
        const refs = [...new Set(fresh.map(e => e.integrationRef))];
        await this.refreshHealth(tx, refs, now, true);
        for (const [ref, entries] of audits) {
          await this.governance.appendAuditInTransaction(tx, ref, entries, now);
        }
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
    if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
    const held = await this.roles.rolesOf(actor.ref, JSON.parse(record.roles));
    const now = this.clock().toISOString();
    await this.db.transaction(async tx => {
      const ex = await tx<ExceptionRow>('hip_exceptions')
        .where({ id: exceptionId, entity_ref: entityRef })
        .first();
      if (!ex) throw new NotFoundError(`No exception ${exceptionId} on ${entityRef}`);
      if (!held.includes(ex.routed_role as Role)) {
        throw new NotAllowedError(
          `Exception ${exceptionId} is routed to the ${ex.routed_role} (${ex.routed_to}); ${actor.ref} does not hold that role`,
        );
      }
      if (ex.status === 'resolved' || ex.status === to) {
        throw new ConflictError(`Exception ${exceptionId} is already ${ex.status}`);
      }
      const update =
        to === 'acknowledged'
          ? { status: to, acknowledged_by: actor.ref, acknowledged_at: now }
          : { status: to, resolved_by: actor.ref, resolved_at: now, open_key: null };
      const changed = await tx('hip_exceptions')
        .where({ id: exceptionId, status: ex.status })
        .update(update);
      if (!changed) throw new ConflictError(`Exception ${exceptionId} changed meanwhile; reload`);
      await this.refreshHealth(tx, [entityRef], now, false);
      await this.governance.appendAuditInTransaction(
        tx,
        entityRef,
        [
          {
            actor: actor.ref,
            action: `exception.${to}`,
            subject: exceptionId,
            payload: { category: ex.category, kind: ex.kind, count: Number(ex.count) },
          },
        ],
        now,
      );
    });
    return this.summary(entityRef);
  }

  async summary(entityRef: string): Promise<MonitoringSummary> {
    const record = await this.governance.getRecordRow(entityRef);
    if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
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
      '24h': await this.countsSince(entityRef, new Date(now.getTime() - 86_400_000)),
      '7d': await this.countsSince(entityRef, new Date(now.getTime() - 7 * 86_400_000)),
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
      .leftJoin('hip_gates as g', j => j.on('g.entity_ref', 'i.entity_ref').andOnVal('g.gate_id', 'monitoring-plan'))
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

  private async knownRecords(refs: string[]) {
    const known = new Map<string, RoleHolders>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const rows = await this.db('hip_integrations')
        .whereIn('entity_ref', refs.slice(i, i + CHUNK))
        .select('entity_ref', 'roles');
      rows.forEach(r => known.set(r.entity_ref, JSON.parse(r.roles)));
    }
    return known;
  }

  private routeFor(category: MonitoringCategory, kind: string): Role {
    const { routes, kindRoutes } = this.policy.policy.monitoring;
    return kindRoutes?.find(r => r.category === category && r.kind === kind)?.role ?? routes[category];
  }

  /** Adds a group of new events (same integration, category, kind) to its open exception. */
  private async countIntoException(
    tx: Knex.Transaction,
    group: ValidEvent[],
    holders: RoleHolders,
    audits: Map<string, AuditEntry[]>,
  ): Promise<string> {
    const { integrationRef, category, kind } = group[0];
    const openKey = `${integrationRef}|${category}|${kind}`;
    const count = group.reduce((n, e) => n + e.count, 0);
    const worst = group.reduce((w, e) => (SEVERITY_RANK[e.severity] > SEVERITY_RANK[w] ? e.severity : w), 'info');
    const lastSeen = group.map(e => e.occurredAt).sort().pop()!;
    const firstSeen = group.map(e => e.occurredAt).sort()[0];
    const message = group.find(e => e.message)?.message ?? null;
    let q = tx<ExceptionRow>('hip_exceptions').where({ open_key: openKey });
    if (tx.client.config.client === 'pg') q = q.forUpdate();
    const existing = await q.first();
    if (existing) {
      await tx('hip_exceptions')
        .where({ id: existing.id })
        .update({
          count: Number(existing.count) + count,
          last_seen_at: lastSeen > existing.last_seen_at ? lastSeen : existing.last_seen_at,
          severity: SEVERITY_RANK[worst] > SEVERITY_RANK[existing.severity] ? worst : existing.severity,
          last_message: message ?? existing.last_message,
        });
      return existing.id;
    }
    const role = this.routeFor(category, kind);
    const id = randomUUID();
    await tx('hip_exceptions').insert({
      id,
      entity_ref: integrationRef,
      category,
      kind,
      severity: worst,
      status: 'open',
      count,
      routed_role: role,
      routed_to: holders[role],
      first_seen_at: firstSeen,
      last_seen_at: lastSeen,
      last_message: message,
      notified_count: 0,
      open_key: openKey,
    });
    const entries = audits.get(integrationRef) ?? [];
    entries.push({
      actor: `monitoring:${group[0].source}`,
      action: 'exception.opened',
      subject: id,
      payload: { category, kind, severity: worst, count, routedRole: role, routedTo: holders[role] },
    });
    audits.set(integrationRef, entries);
    return id;
  }

  /** Stores the time-independent health; `signal` marks that a monitoring signal arrived now. */
  private async refreshHealth(tx: Knex.Transaction, refs: string[], now: string, signal: boolean) {
    for (let i = 0; i < refs.length; i += CHUNK) {
      const chunk = refs.slice(i, i + CHUNK);
      const open = await tx('hip_exceptions')
        .whereIn('entity_ref', chunk)
        .whereNot('status', 'resolved')
        .select('entity_ref', 'severity');
      for (const ref of chunk) {
        await tx('hip_integrations')
          .where({ entity_ref: ref })
          .update({
            health: storedHealth(open.filter(o => o.entity_ref === ref).map(o => o.severity)),
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
    const counts = Object.fromEntries(MONITORING_CATEGORIES.map(c => [c, 0])) as Record<MonitoringCategory, number>;
    rows.forEach((r: any) => {
      counts[r.category as MonitoringCategory] = Number(r.n);
    });
    return counts;
  }
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
