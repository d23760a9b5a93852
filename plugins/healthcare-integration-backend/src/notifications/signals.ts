import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';

/** The channel on which a record's governance tab hears that the record changed. */
export function recordChannel(entityRef: string): string {
  return `healthcare-integration:record:${entityRef}`;
}

/** The channel on which the inbox and the portfolio hear that some record changed. */
export const PORTFOLIO_CHANNEL = 'healthcare-integration:portfolio';

/** What a signal says: only that something changed. */
export interface ChangedSignal {
  [key: string]: string;
  type: 'changed';
}

/**
 * Tells open pages that a record changed, after its mutation committed. The message carries
 * no data, so it is broadcast: a page refetches through the permission-checked routes and sees
 * only what its user may read (docs/architecture.md, "Live updates").
 */
export class GovernanceSignals {
  constructor(
    private readonly signals: SignalsService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async recordChanged(entityRef: string): Promise<void> {
    if (!this.signals) return;
    const message: ChangedSignal = { type: 'changed' };
    for (const channel of [recordChannel(entityRef), PORTFOLIO_CHANNEL]) {
      try {
        await this.signals.publish({
          recipients: { type: 'broadcast' },
          channel,
          message,
        });
      } catch (error) {
        this.logger.warn(`Could not publish on ${channel}: ${error}`);
      }
    }
  }
}
