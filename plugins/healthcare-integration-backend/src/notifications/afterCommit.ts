import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AuditEvent,
  GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { NameOf } from '../engine/PersonNames';
import { commitNotices } from './commitRules';
import type { NoticeDispatcher } from './dispatcher';
import type { GovernanceSignals } from './signals';

/**
 * What follows a committed record mutation: a live-update signal and the notices its audit
 * events call for. The engine calls `handle` after the transaction committed (a refused or
 * failed mutation appends no events and reaches nothing here); `handle` never throws and never
 * delays the response, so a failed send cannot undo or fail a decision.
 */
export class AfterCommit {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      readStatus: (entityRef: string) => Promise<GovernanceStatus>;
      /** How the catalog names who acted; notices fall back to refs without it. */
      namesOf?: (refs: string[]) => Promise<NameOf>;
      dispatcher: NoticeDispatcher;
      signals: GovernanceSignals;
      logger: LoggerService;
    },
  ) {}

  readonly handle = (events: AuditEvent[]): void => {
    if (!events.length) return;
    const work = this.run(events)
      .catch(error =>
        this.deps.logger.warn(`Post-commit follow-up failed: ${error}`),
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  };

  /** Resolves once every follow-up started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private async run(events: AuditEvent[]) {
    const byRecord = new Map<string, AuditEvent[]>();
    for (const e of events)
      byRecord.set(e.integrationRef, [
        ...(byRecord.get(e.integrationRef) ?? []),
        e,
      ]);
    for (const [entityRef, recordEvents] of byRecord) {
      await this.deps.signals.recordChanged(entityRef);
      const status = await this.deps.readStatus(entityRef);
      const nameOf = await this.deps.namesOf?.(recordEvents.map(e => e.actor));
      await this.deps.dispatcher.dispatch(
        commitNotices(status, recordEvents, nameOf),
      );
    }
  }
}
