import type { Knex } from 'knex';
import type {
  IngestResult,
  MonitoringSummary,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { AuditLog } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';
import type { RoleResolver } from '../engine/RoleResolver';
import type { MonitoringDeps } from './deps';
import type { ExceptionNotifier } from './ExceptionNotifier';
import { transitionException } from './exceptionTransitions';
import { ingestEvents } from './ingest';
import { KnownRecords } from './knownRecords';
import { missingMonitoringPlanEvents } from './missingPlans';
import { SignalMarks } from './signalMarks';
import { monitoringSummary } from './summary';

/**
 * Monitoring after go-live: one entry point over the parts in this folder (ingest, exception
 * routing, exception transitions, stored health, the summary, missing-plan flags). Ingest is per
 * batch: each event is validated on its own; an invalid one is reported with its index and
 * reason and the valid ones are stored. An event is stored whole or not at all, and counts once
 * per dedup key however often it is retried. Stored events roll up into one open exception per
 * integration, category and kind, routed to the role that owns the category.
 */
export class MonitoringService {
  private readonly deps: MonitoringDeps;
  /** Per-instance caches, kept for the service's lifetime. */
  private readonly known: KnownRecords;
  private readonly signals = new SignalMarks();

  constructor(
    db: Knex,
    policy: EffectivePolicy,
    governance: GovernanceEngine,
    roles: RoleResolver,
    notifier: ExceptionNotifier,
    clock: () => Date = () => new Date(),
    auditLog: AuditLog = new AuditLog(db),
  ) {
    this.deps = { db, policy, governance, roles, notifier, clock, auditLog };
    this.known = new KnownRecords(db);
  }

  async ingest(rawEvents: unknown[]): Promise<IngestResult> {
    return ingestEvents(
      { ...this.deps, known: this.known, signals: this.signals },
      rawEvents,
    );
  }

  async transition(
    entityRef: string,
    exceptionId: string,
    to: 'acknowledged' | 'resolved',
    actor: Actor,
  ) {
    await transitionException(this.deps, entityRef, exceptionId, to, actor);
    return this.summary(entityRef);
  }

  async summary(entityRef: string): Promise<MonitoringSummary> {
    return monitoringSummary(this.deps, entityRef);
  }

  /**
   * A live integration without an approved monitoring plan is itself a `policy` exception.
   * Run on a schedule; the dedup key makes it one event per integration per day.
   */
  async flagMissingMonitoringPlans(): Promise<IngestResult> {
    return this.ingest(await missingMonitoringPlanEvents(this.deps));
  }
}
