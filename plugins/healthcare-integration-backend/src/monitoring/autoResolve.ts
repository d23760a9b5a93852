import type { AuditEntry } from '../database/AuditLog';
import { AUTO_RESOLVER, autoResolvedEntry } from './alertLifecycle';
import type { MonitoringDeps } from './deps';
import { refreshHealth } from './healthUpdates';
import type { ExceptionRow } from './rows';

/**
 * Recovery that the policy lets resolve itself: an exception of a category listed in
 * `autoResolveAfterMinutes`, recovered at the source and quiet (nothing counted into it, which
 * would have cleared the recovery) for that many minutes, is resolved, audited as resolved by
 * `monitoring:auto-resolve`. Run on a schedule; the update is conditional, so two instances
 * resolve each exception once.
 */
export async function autoResolveRecovered(deps: MonitoringDeps) {
  const periods = deps.policy.policy.monitoring.autoResolveAfterMinutes ?? {};
  const now = deps.clock();
  let resolved = 0;
  for (const [category, minutes] of Object.entries(periods)) {
    if (minutes === undefined) continue;
    const cutoff = new Date(now.getTime() - minutes * 60_000).toISOString();
    const due = await deps
      .db<ExceptionRow>('hip_exceptions')
      .where({ category })
      .whereNot('status', 'resolved')
      .whereNotNull('recovered_at')
      .where('recovered_at', '<=', cutoff)
      .limit(500);
    for (const ex of due) {
      if (await resolveOne(deps, ex, cutoff, now.toISOString())) {
        resolved++;
        deps.recordsChanged?.([ex.entity_ref]);
      }
    }
  }
  return resolved;
}

async function resolveOne(
  deps: MonitoringDeps,
  ex: ExceptionRow,
  cutoff: string,
  at: string,
) {
  return deps.db.transaction(async tx => {
    const changed = await tx('hip_exceptions')
      .where({ id: ex.id, status: ex.status })
      .whereNotNull('recovered_at')
      .where('recovered_at', '<=', cutoff)
      .update({
        status: 'resolved',
        resolved_by: AUTO_RESOLVER,
        resolved_at: at,
        open_key: null,
      });
    if (!changed) return false;
    await refreshHealth(tx, [ex.entity_ref], at, false);
    const audits = new Map<string, AuditEntry[]>([
      [ex.entity_ref, [autoResolvedEntry(ex)]],
    ]);
    await deps.auditLog.appendMany(tx, audits, at);
    return true;
  });
}
