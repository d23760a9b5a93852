import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { claimNotice } from './claims';
import { RecipientCap } from './recipientCap';
import { TOPICS } from './topics';
import type { Notice } from './notice';

/** Where a change-request notice is recorded once sent (or once its send failed). */
export type ChangeNoticeRecorder = (
  notice: Notice,
  outcome: 'sent' | 'failed',
  at: string,
) => Promise<void>;

/**
 * Sends notices through Backstage's notifications service, each at most once: the claim comes
 * first, so a second instance (or a second run) finds it taken and sends nothing. A failed send
 * is logged and left claimed (no retry storm); it never reaches the mutation that caused it.
 * A recipient over the hourly cap gets a digest in place of the notice (see RecipientCap).
 */
export class NoticeDispatcher {
  private readonly cap: RecipientCap;

  constructor(
    private readonly db: Knex,
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
    private readonly clock: () => Date = () => new Date(),
    private readonly recordChangeNotice?: ChangeNoticeRecorder,
    /** Notices per recipient per hour; 0 or less: no cap. */
    perRecipientPerHour = 0,
  ) {
    this.cap = new RecipientCap(db, perRecipientPerHour);
  }

  /** Sends the notices not yet claimed; resolves to how many were sent. */
  async dispatch(notices: Notice[]): Promise<number> {
    // Without a notification service there is nobody to tell, and nothing to claim.
    if (!this.notifications) return 0;
    let sent = 0;
    for (const notice of notices) {
      if (!notice.recipients.length) continue;
      const clock = this.clock();
      const now = clock.toISOString();
      if (!(await claimNotice(this.db, notice, now))) continue;
      let outcome: 'sent' | 'failed' = 'sent';
      try {
        const { allowed, capped } = await this.cap.split(
          notice.recipients,
          clock,
        );
        if (allowed.length) {
          await this.send(notice, allowed, notice.payload);
          await this.cap.record(allowed, clock);
          sent++;
        }
        if (capped.length) {
          await this.send(notice, capped, digestPayload());
          this.logger.info(
            `Held back ${notice.rule} notice ${notice.key} from ${capped.join(
              ', ',
            )} (over the hourly cap); sent a digest instead`,
          );
        }
      } catch (error) {
        outcome = 'failed';
        this.logger.warn(
          `Could not send ${notice.rule} notice ${notice.key}: ${error}`,
        );
      }
      if (notice.change && this.recordChangeNotice) {
        try {
          await this.recordChangeNotice(notice, outcome, now);
        } catch (error) {
          this.logger.error(
            `Could not record ${notice.key} on change ${notice.change.id}: ${error}`,
          );
        }
      }
    }
    return sent;
  }

  private async send(
    notice: Notice,
    recipients: string[],
    payload: Notice['payload'],
  ) {
    await this.notifications!.send({
      recipients: {
        type: 'entity',
        entityRef: recipients,
        ...(notice.exclude.length ? { excludeEntityRef: notice.exclude } : {}),
      },
      payload,
    });
  }
}

/**
 * What a recipient over the cap gets: one notice per hour at most in their list, since the
 * notifications service updates a notice of the same scope in place (and marks it unread).
 */
function digestPayload(): Notice['payload'] {
  return {
    title: 'More governance updates are waiting for you',
    description:
      'You were sent the most governance notices allowed in an hour; further ones are held back. Your review inbox lists everything that waits for you.',
    link: '/healthcare-integration/inbox',
    topic: TOPICS.digest,
    scope: 'healthcare-integration:digest',
    severity: 'normal',
  };
}
