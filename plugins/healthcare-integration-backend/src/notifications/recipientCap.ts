import type { Knex } from 'knex';

const HOUR = 3_600_000;

/**
 * The per-recipient hourly cap on governance notices. A recipient (a user or a group, as the
 * notice names it) who was sent `perHour` notices in the last hour gets no more of them that
 * hour; the dispatcher sends them one digest instead, which the notifications service updates in
 * place (same scope). With several instances the count can overshoot by the notices in flight
 * at once: a soft cap, which is all a flood guard needs.
 */
export class RecipientCap {
  constructor(private readonly db: Knex, private readonly perHour: number) {}

  /** Splits the recipients into those still under the cap and those over it. */
  async split(
    recipients: string[],
    now: Date,
  ): Promise<{ allowed: string[]; capped: string[] }> {
    if (!(this.perHour > 0) || !recipients.length)
      return { allowed: recipients, capped: [] };
    const since = new Date(now.getTime() - HOUR).toISOString();
    const rows: Array<{ recipient: string; sends: number | string }> =
      await this.db('hip_notification_sends')
        .whereIn('recipient', recipients)
        .where('sent_at', '>', since)
        .groupBy('recipient')
        .select('recipient')
        .count({ sends: '*' });
    const counts = new Map(rows.map(r => [r.recipient, Number(r.sends)]));
    const allowed = recipients.filter(r => (counts.get(r) ?? 0) < this.perHour);
    return {
      allowed,
      capped: recipients.filter(r => !allowed.includes(r)),
    };
  }

  /** Counts one notice for each recipient; forgets sends older than the window. */
  async record(recipients: string[], now: Date): Promise<void> {
    if (!(this.perHour > 0) || !recipients.length) return;
    const at = now.toISOString();
    await this.db('hip_notification_sends').insert(
      recipients.map(recipient => ({ recipient, sent_at: at })),
    );
    await this.db('hip_notification_sends')
      .whereIn('recipient', recipients)
      .where('sent_at', '<=', new Date(now.getTime() - HOUR).toISOString())
      .delete();
  }
}
