import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ENTITY_TAB_PATH,
  type ExceptionLinks,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { ExceptionRow } from './rows';

const NOTIFICATION_SEVERITY: Record<
  string,
  'critical' | 'high' | 'normal' | 'low'
> = {
  critical: 'critical',
  error: 'high',
  warning: 'normal',
  info: 'low',
};

/**
 * Tells the routed role about an exception, at most once per window per exception: a storm
 * of one failure sends one notification carrying the count, not thousands. The claim on
 * `notified_at` is a conditional update, so with several backend instances only one sends.
 */
export class ExceptionNotifier {
  constructor(
    private readonly db: Knex,
    private readonly notifications: NotificationService | undefined,
    private readonly everyMinutes: number,
    private readonly logger: LoggerService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async notifyDue(exceptionIds: string[]): Promise<number> {
    // Without a notification service there is nobody to tell, and nothing to claim.
    if (!exceptionIds.length || !this.notifications) return 0;
    const now = this.clock();
    const cutoff = new Date(
      now.getTime() - this.everyMinutes * 60_000,
    ).toISOString();
    const due = await this.db<ExceptionRow>('hip_exceptions')
      .whereIn('id', exceptionIds)
      .whereNot('status', 'resolved')
      // Recovered at the source: nothing new to tell.
      .whereNull('recovered_at')
      .where(q =>
        q.whereNull('notified_at').orWhere('notified_at', '<=', cutoff),
      );
    // One conditional update per chunk claims every exception still due: a row another
    // instance claimed meanwhile no longer matches, so only one instance sends. (A claim per
    // row cost one write, and on SQLite one commit, per new exception.)
    const counts = new Map<string, number>();
    for (let i = 0; i < due.length; i += 500) {
      const claimed: Array<{ id: string; count: number }> = await this.db(
        'hip_exceptions',
      )
        .whereIn(
          'id',
          due.slice(i, i + 500).map(ex => ex.id),
        )
        .whereNot('status', 'resolved')
        .whereNull('recovered_at')
        .where(q =>
          q.whereNull('notified_at').orWhere('notified_at', '<=', cutoff),
        )
        .update(
          {
            notified_at: now.toISOString(),
            notified_count: this.db.ref('count'),
          },
          ['id', 'count'],
        );
      for (const c of claimed) counts.set(c.id, Number(c.count));
    }
    let sent = 0;
    for (const read of due) {
      if (!counts.has(read.id)) continue;
      const ex = { ...read, count: counts.get(read.id)! };
      const { kind, namespace, name } = parseEntityRef(ex.entity_ref);
      const since = ex.count - Number(ex.notified_count ?? 0);
      const links = linkLines(ex.links);
      try {
        await this.notifications.send({
          recipients: { type: 'entity', entityRef: ex.routed_to },
          payload: {
            title: `${name}: ${ex.kind} (${ex.category})`,
            description: `${ex.count} occurrence(s)${
              ex.notified_at ? `, ${since} since the last notice` : ''
            }; routed to ${ex.routed_role}. ${ex.last_message ?? ''}${
              links ? `\n${links}` : ''
            }`.trim(),
            // The entity page's governance tab (the path the app mounts it at), this exception.
            link: `/catalog/${encodeURIComponent(
              namespace,
            )}/${encodeURIComponent(
              kind.toLocaleLowerCase('en-US'),
            )}/${encodeURIComponent(name)}/${ENTITY_TAB_PATH}?exception=${
              ex.id
            }`,
            severity: NOTIFICATION_SEVERITY[ex.severity] ?? 'normal',
            topic: `healthcare-integration:${ex.entity_ref}:${ex.category}:${ex.kind}`,
            scope: ex.id,
          },
        });
        sent++;
      } catch (error) {
        this.logger.warn(
          `Could not notify ${ex.routed_to} about exception ${ex.id}: ${error}`,
        );
      }
    }
    return sent;
  }
}

/** Runbook, rule and Alertmanager links of the exception's latest alert, one per line. */
function linkLines(json: string | null | undefined): string {
  if (!json) return '';
  let links: ExceptionLinks;
  try {
    links = JSON.parse(json);
  } catch {
    return '';
  }
  return [
    links.runbookURL && `Runbook: ${links.runbookURL}`,
    links.generatorURL && `Rule: ${links.generatorURL}`,
    links.alertmanagerURL && `Alertmanager: ${links.alertmanagerURL}`,
    links.fingerprint && `Fingerprint: ${links.fingerprint}`,
  ]
    .filter(Boolean)
    .join('\n');
}
