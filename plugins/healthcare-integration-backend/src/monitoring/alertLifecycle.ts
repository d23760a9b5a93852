import type { Knex } from 'knex';
import type { AuditEntry } from '../database/AuditLog';
import { CHUNK } from './batchSize';
import type { MonitoringDeps } from './deps';
import { refreshHealth } from './healthUpdates';
import type { ExceptionRow } from './rows';
import type { MappedAlert } from './alertMapping';
import type { SignalMarks } from './signalMarks';

type Usable = Exclude<MappedAlert, { problem: string }>;

interface AlertStateRow {
  alert_key: string;
  entity_ref: string;
  status: string;
  starts_at: string;
  ends_at: string | null;
  exception_id: string | null;
  last_delivery_at: string;
}

/** The actor of a recovery that resolves an exception without a person (the policy's choice). */
export const AUTO_RESOLVER = 'monitoring:auto-resolve';

const openKeyOf = (a: Usable) => `${a.integrationRef}|${a.category}|${a.kind}`;

async function readStates(db: Knex, keys: string[]) {
  const states = new Map<string, AlertStateRow>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows: AlertStateRow[] = await db('hip_alert_states').whereIn(
      'alert_key',
      keys.slice(i, i + CHUNK),
    );
    rows.forEach(r => states.set(r.alert_key, r));
  }
  return states;
}

async function resolvedIds(db: Knex, ids: string[]) {
  const resolved = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db('hip_exceptions')
      .whereIn('id', ids.slice(i, i + CHUNK))
      .where('status', 'resolved')
      .select('id');
    rows.forEach(r => resolved.add(r.id));
  }
  return resolved;
}

/**
 * The dedup key of each firing alert. The first delivery of an alert's firing (its `startsAt`)
 * counts; repeats are duplicates (still a signal). Once the exception it fed has been resolved,
 * the same alert still firing is a new occurrence: the key names the resolved exception, so
 * the occurrence opens once however many instances or retries see it.
 */
export async function planFiring(db: Knex, firing: Usable[]) {
  const states = await readStates(db, [
    ...new Set(firing.map(a => a.alertKey)),
  ]);
  const resolved = await resolvedIds(db, [
    ...new Set(
      [...states.values()].flatMap(s =>
        s.exception_id ? [s.exception_id] : [],
      ),
    ),
  ]);
  return new Map(
    firing.map(a => {
      const prev = states.get(a.alertKey)?.exception_id ?? undefined;
      const reopens = prev && resolved.has(prev) ? prev : undefined;
      const dedupKey = `${a.alertKey}:${a.startsAt}${
        reopens ? `:after:${reopens}` : ''
      }`;
      return [a.index, { dedupKey, reopenedFrom: reopens }];
    }),
  );
}

/**
 * In the ingest transaction: remembers each firing alert's state and exception, clears the
 * recovery of an exception whose alert fires again, and applies resolved alerts (recovery,
 * auto-resolve where the policy says so). Returns the exceptions touched.
 */
export async function applyAlertStates(
  deps: MonitoringDeps & { signals: SignalMarks },
  tx: Knex.Transaction,
  alerts: Usable[],
  ctx: {
    exceptionOf: Map<string, string>;
    audits: Map<string, AuditEntry[]>;
    now: string;
  },
) {
  const { now } = ctx;
  const firing = alerts.filter(a => a.status === 'firing' && !a.heartbeat);
  const resolved = alerts.filter(a => a.status === 'resolved' && !a.heartbeat);
  await deps.signals.mark(
    tx,
    [...new Set(alerts.map(a => a.integrationRef))],
    now,
  );

  // Firing: the exception its new event counted into; repeats keep the one already stored.
  const counted = firing.filter(a => ctx.exceptionOf.has(openKeyOf(a)));
  const repeats = firing.filter(a => !ctx.exceptionOf.has(openKeyOf(a)));
  const stateRow = (a: Usable, exceptionId: string | null) => ({
    alert_key: a.alertKey,
    entity_ref: a.integrationRef,
    status: 'firing',
    starts_at: a.startsAt,
    ends_at: null,
    exception_id: exceptionId,
    last_delivery_at: now,
  });
  const upsert = async (rows: object[], merge: string[]) => {
    const unique = [
      ...new Map(rows.map(r => [(r as AlertStateRow).alert_key, r])).values(),
    ];
    for (let i = 0; i < unique.length; i += CHUNK)
      await tx('hip_alert_states')
        .insert(unique.slice(i, i + CHUNK))
        .onConflict('alert_key')
        .merge(merge);
  };
  const base = ['status', 'starts_at', 'ends_at', 'last_delivery_at'];
  await upsert(
    counted.map(a => stateRow(a, ctx.exceptionOf.get(openKeyOf(a))!)),
    [...base, 'exception_id'],
  );
  await upsert(
    repeats.map(a => stateRow(a, null)),
    base,
  );
  // A repeat first seen here (its event stored before states were kept): its open exception.
  const unlinked = new Set(
    [
      ...(
        await readStates(
          tx,
          repeats.map(a => a.alertKey),
        )
      ).values(),
    ]
      .filter(st => !st.exception_id)
      .map(st => st.alert_key),
  );
  for (const a of repeats.filter(r => unlinked.has(r.alertKey))) {
    const open = await tx('hip_exceptions')
      .where({ open_key: openKeyOf(a) })
      .first('id');
    if (open)
      await tx('hip_alert_states')
        .where({ alert_key: a.alertKey })
        .whereNull('exception_id')
        .update({ exception_id: open.id });
  }
  // Firing again before anyone resolved it: the recovery no longer holds. Audited, so that the
  // chain (and an exported pack's replay) says what the table says.
  const firingStates = await readStates(
    tx,
    firing.map(a => a.alertKey),
  );
  const sourceOf = new Map<string, string>();
  for (const a of firing) {
    const id = firingStates.get(a.alertKey)?.exception_id;
    if (id) sourceOf.set(id, a.source);
  }
  const refiredIds = [...sourceOf.keys()];
  for (let i = 0; i < refiredIds.length; i += CHUNK) {
    const relapsed: Array<
      Pick<ExceptionRow, 'id' | 'entity_ref' | 'category' | 'kind'>
    > = await tx('hip_exceptions')
      .whereIn('id', refiredIds.slice(i, i + CHUNK))
      .whereNot('status', 'resolved')
      .whereNotNull('recovered_at')
      .select('id', 'entity_ref', 'category', 'kind');
    if (!relapsed.length) continue;
    await tx('hip_exceptions')
      .whereIn(
        'id',
        relapsed.map(r => r.id),
      )
      .update({ recovered_at: null, recovered_by: null });
    for (const ex of relapsed) {
      const entries = ctx.audits.get(ex.entity_ref) ?? [];
      entries.push({
        actor: `monitoring:${sourceOf.get(ex.id)}`,
        action: 'exception.refired',
        subject: ex.id,
        payload: { category: ex.category, kind: ex.kind },
      });
      ctx.audits.set(ex.entity_ref, entries);
    }
  }

  const recovered = await applyResolved(deps, tx, resolved, ctx);
  return { recovered: recovered.length, touched: recovered };
}

/** Resolved alerts: the alert's state, then recovery of its exception once none of its alerts fires. */
async function applyResolved(
  deps: MonitoringDeps,
  tx: Knex.Transaction,
  resolved: Usable[],
  ctx: { audits: Map<string, AuditEntry[]>; now: string },
) {
  const { now } = ctx;
  const targets = new Map<string, Usable>();
  const states = await readStates(
    tx,
    resolved.map(a => a.alertKey),
  );
  for (const a of resolved) {
    const state = states.get(a.alertKey);
    // A resolve of an earlier firing than the one stored changes nothing.
    if (state && state.status === 'firing' && state.starts_at > a.startsAt)
      continue;
    let exceptionId = state?.exception_id ?? null;
    if (!exceptionId) {
      const open = await tx('hip_exceptions')
        .where({ open_key: openKeyOf(a) })
        .first('id');
      exceptionId = open?.id ?? null;
    }
    const row = {
      alert_key: a.alertKey,
      entity_ref: a.integrationRef,
      status: 'resolved',
      starts_at: a.startsAt,
      ends_at: a.endsAt ?? now,
      exception_id: exceptionId,
      last_delivery_at: now,
    };
    await tx('hip_alert_states')
      .insert(row)
      .onConflict('alert_key')
      .merge(['status', 'ends_at', 'last_delivery_at', 'exception_id']);
    if (exceptionId) targets.set(exceptionId, a);
  }

  const recovered: string[] = [];
  const refs = new Set<string>();
  const autoResolve =
    deps.policy.policy.monitoring.autoResolveAfterMinutes ?? {};
  for (const [id, a] of targets) {
    const changed = await tx('hip_exceptions')
      .where({ id })
      .whereNot('status', 'resolved')
      .whereNull('recovered_at')
      .whereNotExists(q =>
        q
          .select(tx.raw('1'))
          .from('hip_alert_states')
          .where({ exception_id: id, status: 'firing' }),
      )
      .update({
        recovered_at: a.endsAt ?? now,
        recovered_by: a.source,
      });
    if (!changed) continue;
    const ex = await tx('hip_exceptions').where({ id }).first();
    recovered.push(id);
    refs.add(ex.entity_ref);
    const entries = ctx.audits.get(ex.entity_ref) ?? [];
    entries.push({
      actor: `monitoring:${a.source}`,
      action: 'exception.recovered',
      subject: id,
      payload: {
        category: ex.category,
        kind: ex.kind,
        recoveredAt: a.endsAt ?? now,
        ...(a.links.fingerprint ? { fingerprint: a.links.fingerprint } : {}),
      },
    });
    if (autoResolve[ex.category as keyof typeof autoResolve] === 0) {
      await tx('hip_exceptions').where({ id }).update({
        status: 'resolved',
        resolved_by: AUTO_RESOLVER,
        resolved_at: now,
        open_key: null,
      });
      entries.push(autoResolvedEntry(ex));
    }
    ctx.audits.set(ex.entity_ref, entries);
  }
  if (refs.size) await refreshHealth(tx, [...refs], now, false);
  return recovered;
}

/** The audit entry of an exception that resolved itself after its quiet period. */
export function autoResolvedEntry(ex: {
  id: string;
  category: string;
  kind: string;
  count: number | string;
}): AuditEntry {
  return {
    actor: AUTO_RESOLVER,
    action: 'exception.resolved',
    subject: ex.id,
    payload: {
      category: ex.category,
      kind: ex.kind,
      count: Number(ex.count),
      reason: 'recovered at the source and quiet for the policy period',
    },
  };
}
