import { z } from 'zod';
import { safeText, strictDateTime } from './strictInput';
import type { Role } from './types';

/** Monitoring signals after go-live: categories route to the role that owns them. */
export const MONITORING_CATEGORIES = [
  'technical',
  'clinical',
  'access',
  'policy',
] as const;
export type MonitoringCategory = (typeof MONITORING_CATEGORIES)[number];

export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const HEALTH_STATES = [
  'healthy',
  'degraded',
  'down',
  'unknown',
] as const;
export type Health = (typeof HEALTH_STATES)[number];

export const EXCEPTION_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** Default routing: technical → integration owner, clinical → process owner, access → security, policy → compliance. */
export const DEFAULT_CATEGORY_ROUTES: Record<MonitoringCategory, Role> = {
  technical: 'technicalOwner',
  clinical: 'processOwner',
  access: 'securityReviewer',
  policy: 'complianceReviewer',
};

export const monitoringEventSchema = z
  .object({
    integrationRef: safeText({ min: 3, max: 255 }),
    category: z.enum(MONITORING_CATEGORIES),
    kind: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
        message:
          'must be kebab-case, e.g. failed-message, queue-delay, mapping-exception',
      }),
    severity: z.enum(SEVERITIES).default('error'),
    count: z.number().int().min(1).max(1_000_000).default(1),
    occurredAt: strictDateTime(),
    source: safeText({ min: 1, max: 100 }),
    /** Same key, same event: a retried batch counts once. */
    dedupKey: safeText({ min: 1, max: 200 }),
    /** Log text from the engine: several lines are fine, control characters are not. */
    message: safeText({ max: 2000, multiline: true, trim: false }).optional(),
  })
  .strict();
export type MonitoringEventInput = z.input<typeof monitoringEventSchema>;

export const monitoringBatchSchema = z
  .object({ events: z.array(z.unknown()).min(1).max(5000) })
  .strict();

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string }>;
}

/** The Alertmanager webhook's answer: the ingest result and what became of each alert. */
export interface AlertmanagerIngestResult extends IngestResult {
  /** Resolved alerts that marked their exception recovered. */
  recovered: number;
  /** Firing alerts whose exception had been resolved: a new occurrence was opened. */
  reopened: number;
  /** Heartbeat alerts (e.g. Watchdog): counted as a signal, nothing else. */
  heartbeats: number;
  /** Per-alert notes on what was used only after a change (truncated text, clamped time). */
  notes: Array<{ index: number; note: string }>;
}

/** Where an exception's latest alert came from, for the people working it. */
export interface ExceptionLinks {
  /** The ingest source, e.g. `alertmanager:backstage`. */
  source?: string;
  /** Prometheus' link to the rule's expression (`generatorURL`). */
  generatorURL?: string;
  /** The Alertmanager that sent it (`externalURL`). */
  alertmanagerURL?: string;
  /** The alert's `runbook_url` annotation. */
  runbookURL?: string;
  /** Alertmanager's fingerprint of the alert's labels. */
  fingerprint?: string;
}

/** Something ingest could not use, or used only after changing it, listed for platform admins. */
export interface IngestProblem {
  id: string;
  receivedAt: string;
  /** `alertmanager`, `events` or `topic`. */
  route: string;
  source: string;
  /** `rejected` (not stored), `truncated`, `clamped`, `link-dropped`, `truncated-alerts` (Alertmanager left alerts out), `refused` (whole payload). */
  outcome: string;
  integrationRef?: string;
  reason: string;
  /** Index, fingerprint and labels of the item, shortened. */
  item?: string;
}

export interface MonitoringException {
  id: string;
  integrationRef: string;
  category: MonitoringCategory;
  kind: string;
  severity: Severity;
  status: ExceptionStatus;
  count: number;
  routedRole: Role;
  routedTo: string;
  firstSeenAt: string;
  lastSeenAt: string;
  lastMessage?: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  /** Its alerts resolved at the source (time and source); health no longer counts it. */
  recoveredAt?: string;
  recoveredBy?: string;
  /** The resolved exception this one re-opens (the same alert fired again). */
  reopenedFrom?: string;
  links?: ExceptionLinks;
}

export interface MonitoringSummary {
  health: Health;
  reason: string;
  lastSignalAt?: string;
  exceptions: MonitoringException[];
  /** Event counts per category over the last 24 hours and 7 days. */
  counts: Record<'24h' | '7d', Record<MonitoringCategory, number>>;
}
