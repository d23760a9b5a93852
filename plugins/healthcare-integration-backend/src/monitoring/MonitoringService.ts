import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type {
  AlertmanagerIngestResult,
  IngestProblem,
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
import { ingestAlertmanager } from './alertmanagerIngest';
import { autoResolveRecovered } from './autoResolve';
import { transitionException } from './exceptionTransitions';
import { ingestEvents } from './ingest';
import { IngestProblems } from './ingestProblems';
import { MonitoringMetrics } from './monitoringMetrics';
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
  private readonly signals: SignalMarks;
  private readonly problems: IngestProblems;
  readonly metrics: MonitoringMetrics;

  constructor(
    db: Knex,
    policy: EffectivePolicy,
    governance: GovernanceEngine,
    roles: RoleResolver,
    notifier: ExceptionNotifier,
    clock: () => Date = () => new Date(),
    auditLog: AuditLog = new AuditLog(db),
    options: {
      logger?: LoggerService;
      metrics?: MetricsService;
      recordsChanged?: (entityRefs: string[]) => void;
    } = {},
  ) {
    this.deps = {
      db,
      policy,
      governance,
      roles,
      notifier,
      clock,
      auditLog,
      recordsChanged: options.recordsChanged,
    };
    this.known = new KnownRecords(db);
    this.signals = new SignalMarks(policy.policy.monitoring.silenceWindowHours);
    this.metrics = new MonitoringMetrics(
      options.metrics,
      db,
      clock,
      policy.policy.monitoring.silenceWindowHours,
    );
    this.problems = new IngestProblems(db, clock, options.logger, this.metrics);
  }

  /**
   * A batch of events; `route` names where it came from (`events`, `topic`, `mirth:<id>`) in
   * the metric and the admins' problem list.
   */
  async ingest(rawEvents: unknown[], route = 'events'): Promise<IngestResult> {
    const result = await ingestEvents(
      { ...this.deps, known: this.known, signals: this.signals },
      rawEvents,
    );
    this.metrics.outcome(route, 'accepted', result.accepted);
    this.metrics.outcome(route, 'duplicate', result.duplicates);
    await this.problems.record(
      route,
      route,
      result.rejected.map(r => ({
        outcome: 'rejected',
        reason: `events.${r.index}: ${r.reason}`,
        item: JSON.stringify(rawEvents[r.index] ?? null).slice(0, 1000),
      })),
    );
    return result;
  }

  /** The Alertmanager webhook (version 4), with the alert lifecycle. */
  async ingestAlertmanager(body: unknown): Promise<AlertmanagerIngestResult> {
    return ingestAlertmanager(
      {
        ...this.deps,
        known: this.known,
        signals: this.signals,
        problems: this.problems,
        metrics: this.metrics,
      },
      body,
    );
  }

  /** Resolves recovered exceptions whose quiet period (policy) has passed; run on a schedule. */
  async autoResolveRecovered(): Promise<number> {
    return autoResolveRecovered(this.deps);
  }

  /** What ingest could not use, or used only after changing it, newest first (platform admins). */
  async ingestProblems(limit?: number): Promise<IngestProblem[]> {
    return this.problems.list(limit);
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
