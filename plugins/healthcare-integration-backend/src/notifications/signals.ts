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
    for (const channel of [recordChannel(entityRef), PORTFOLIO_CHANNEL])
      await this.publish(channel);
  }

  async publish(channel: string): Promise<void> {
    if (!this.signals) return;
    const message: ChangedSignal = { type: 'changed' };
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

/**
 * Monitoring changes come in storms (thousands of events a minute for one failing feed), so
 * their signals are throttled per channel (each record's, and the portfolio's): the first change
 * signals at once, later ones within `intervalMs` are folded into one signal at the end of the
 * interval. A page therefore refetches at most once per interval, and never misses the last
 * change.
 */
export class ThrottledRecordSignals {
  private readonly lastSent = new Map<string, number>();
  private readonly trailing = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly signals: Pick<GovernanceSignals, 'publish'>,
    private readonly intervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  readonly recordsChanged = (entityRefs: string[]): void => {
    if (!entityRefs.length) return;
    for (const ref of new Set(entityRefs)) this.one(recordChannel(ref));
    this.one(PORTFOLIO_CHANNEL);
  };

  /** Sends the signals still waiting (shutdown, tests). */
  flush(): Promise<void> {
    const waiting = [...this.trailing.keys()];
    this.trailing.forEach(timer => clearTimeout(timer));
    this.trailing.clear();
    return Promise.all(waiting.map(channel => this.send(channel))).then(
      () => {},
    );
  }

  private one(channel: string) {
    if (this.trailing.has(channel)) return;
    const since = this.now() - (this.lastSent.get(channel) ?? -Infinity);
    if (since >= this.intervalMs) {
      void this.send(channel);
      return;
    }
    const timer = setTimeout(() => {
      this.trailing.delete(channel);
      void this.send(channel);
    }, this.intervalMs - since);
    timer.unref?.();
    this.trailing.set(channel, timer);
  }

  private async send(channel: string) {
    this.lastSent.set(channel, this.now());
    // Bounded: channels that went quiet are forgotten.
    if (this.lastSent.size > 10_000) {
      const cutoff = this.now() - this.intervalMs;
      for (const [key, at] of this.lastSent)
        if (at < cutoff) this.lastSent.delete(key);
    }
    await this.signals.publish(channel);
  }
}
