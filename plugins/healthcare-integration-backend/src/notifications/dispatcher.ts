import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { claimNotice } from './claims';
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
 */
export class NoticeDispatcher {
  constructor(
    private readonly db: Knex,
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
    private readonly clock: () => Date = () => new Date(),
    private readonly recordChangeNotice?: ChangeNoticeRecorder,
  ) {}

  /** Sends the notices not yet claimed; resolves to how many were sent. */
  async dispatch(notices: Notice[]): Promise<number> {
    // Without a notification service there is nobody to tell, and nothing to claim.
    if (!this.notifications) return 0;
    let sent = 0;
    for (const notice of notices) {
      if (!notice.recipients.length) continue;
      const now = this.clock().toISOString();
      if (!(await claimNotice(this.db, notice, now))) continue;
      let outcome: 'sent' | 'failed' = 'sent';
      try {
        await this.notifications.send({
          recipients: {
            type: 'entity',
            entityRef: notice.recipients,
            ...(notice.exclude.length
              ? { excludeEntityRef: notice.exclude }
              : {}),
          },
          payload: notice.payload,
        });
        sent++;
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
}
