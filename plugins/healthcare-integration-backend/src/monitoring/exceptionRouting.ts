import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type {
  MonitoringCategory,
  Role,
  RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import { groupBy } from '../lib/groupBy';
import { CHUNK } from './batchSize';
import type { ValidEvent } from './eventValidation';
import { SEVERITY_RANK } from './health';

/**
 * Stored events roll up into one open exception per integration, category and kind, routed to
 * the role that owns the category (or the kind, where the policy names one).
 */

/** Current role holders, read when an exception opens (roles may change on any instance). */
async function roleHolders(tx: Knex.Transaction, refs: string[]) {
  const holders = new Map<string, RoleHolders>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const rows = await tx('hip_integrations')
      .whereIn('entity_ref', refs.slice(i, i + CHUNK))
      .select('entity_ref', 'roles');
    rows.forEach(r => holders.set(r.entity_ref, JSON.parse(r.roles)));
  }
  return holders;
}

function routeFor(
  policy: EffectivePolicy,
  category: MonitoringCategory,
  kind: string,
): Role {
  const { routes, kindRoutes } = policy.policy.monitoring;
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
export async function countIntoExceptions(
  tx: Knex.Transaction,
  policy: EffectivePolicy,
  events: ValidEvent[],
  audits: Map<string, AuditEntry[]>,
): Promise<{
  touched: string[];
  opened: Array<{ ref: string; severity: string }>;
  /** Open key → the exception its new events counted into. */
  exceptionOf: Map<string, string>;
}> {
  const groups = groupBy(events, e => openKeyOf(e)).map(group =>
    aggregate(group),
  );
  if (tx.client.config.client === 'pg')
    await lockOpenExceptions(
      tx,
      groups.map(g => g.openKey),
    );
  const counted = await addToOpen(tx, groups);
  const fresh = groups.filter(g => !counted.has(g.openKey));
  const holders = fresh.length
    ? await roleHolders(tx, [...new Set(fresh.map(g => g.integrationRef))])
    : new Map<string, RoleHolders>();
  const rows = fresh.map(g => {
    const role = routeFor(policy, g.category, g.kind);
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
      reopened_from: g.reopenedFrom,
      links: g.links,
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
        ...(row.reopened_from ? { reopenedFrom: row.reopened_from } : {}),
      },
    });
    audits.set(row.entity_ref, entries);
  }
  // Lost an insert race: count into the exception the other writer opened.
  const raced = fresh.filter(g => !opened.has(g.openKey));
  if (raced.length)
    (await addToOpen(tx, raced)).forEach((id, key) => counted.set(key, id));
  const exceptionOf = new Map(counted);
  openedRows.forEach(r => exceptionOf.set(r.open_key, r.id));
  return {
    exceptionOf,
    touched: [...openedRows.map(r => r.id), ...counted.values()],
    opened: groups
      .filter(g => counted.has(g.openKey) || opened.has(g.openKey))
      .map(g => ({ ref: g.integrationRef, severity: g.worst })),
  };
}

/** Counts groups into their open exceptions; returns open key → exception id of those found. */
async function addToOpen(
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
           last_message = COALESCE(v.column5, hip_exceptions.last_message),
           links = COALESCE(v.column6, hip_exceptions.links),
           recovered_at = NULL, recovered_by = NULL
         FROM (VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}) AS v
         WHERE hip_exceptions.open_key = v.column1
         RETURNING hip_exceptions.id, hip_exceptions.open_key`,
      chunk.flatMap(g => [
        g.openKey,
        String(g.count),
        g.lastSeen,
        g.worst,
        g.message,
        g.links,
      ]),
    );
    const rows: Array<{ id: string; open_key: string }> = Array.isArray(result)
      ? result
      : result.rows;
    rows.forEach(r => found.set(r.open_key, r.id));
  }
  return found;
}

async function lockOpenExceptions(tx: Knex.Transaction, keys: string[]) {
  const sorted = [...keys].sort();
  for (let i = 0; i < sorted.length; i += CHUNK) {
    await tx('hip_exceptions')
      .whereIn('open_key', sorted.slice(i, i + CHUNK))
      .orderBy('open_key')
      .forUpdate()
      .select('id');
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
    links: linksOf(group),
    reopenedFrom: group.find(e => e.reopenedFrom)?.reopenedFrom ?? null,
  };
}

/** The links of the group's latest event that has any, as stored (JSON). */
function linksOf(group: ValidEvent[]): string | null {
  const latest = [...group]
    .filter(e => e.links && Object.keys(e.links).length)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .pop();
  return latest ? JSON.stringify(latest.links) : null;
}
