import { z } from 'zod';
import { MONITORING_CATEGORIES } from '@hcig/backstage-plugin-healthcare-integration-common';

/** Prometheus Alertmanager webhook payload, version 4, as Alertmanager sends it. */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { errorMap: () => ({ message: 'must be "4"' }) }),
  receiver: z.string().default('alertmanager'),
  status: z.enum(['firing', 'resolved']),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(z.string()),
        annotations: z.record(z.string()).default({}),
        startsAt: z.string(),
        endsAt: z.string().optional(),
        fingerprint: z.string().optional(),
        generatorURL: z.string().optional(),
      }),
    )
    .max(5000),
  groupLabels: z.record(z.string()).optional(),
  commonLabels: z.record(z.string()).optional(),
  commonAnnotations: z.record(z.string()).optional(),
  externalURL: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().optional(),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

const SEVERITY_MAP: Record<string, string> = {
  critical: 'critical',
  page: 'critical',
  error: 'error',
  high: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  none: 'info',
};

/**
 * Maps firing alerts to monitoring events by label:
 *  - `integration` (or `backstage_integration`): the integration's entity ref or name (required);
 *  - `category`: technical | clinical | access | policy (default technical);
 *  - `kind`: event kind (default: the kebab-cased `alertname`);
 *  - `severity`: critical/page, error/high, warning/warn, info/none (default error).
 * Resolved alerts carry no new signal and are skipped; the routed role resolves the exception.
 */
export function alertsToEvents(payload: AlertmanagerPayload) {
  return payload.alerts
    .filter(a => a.status === 'firing')
    .map(a => {
      const ref = a.labels.integration ?? a.labels.backstage_integration ?? '';
      const category = (MONITORING_CATEGORIES as readonly string[]).includes(
        a.labels.category,
      )
        ? a.labels.category
        : 'technical';
      const kind = (a.labels.kind ?? a.labels.alertname ?? 'alert')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .toLowerCase()
        .slice(0, 64);
      const identity = a.fingerprint ?? JSON.stringify(a.labels);
      return {
        integrationRef: ref.includes(':') ? ref : `component:default/${ref}`,
        category,
        kind: kind || 'alert',
        severity:
          SEVERITY_MAP[(a.labels.severity ?? '').toLowerCase()] ?? 'error',
        count: 1,
        occurredAt: a.startsAt,
        source: `alertmanager:${payload.receiver}`.slice(0, 100),
        dedupKey: `am:${identity}:${a.startsAt}`.slice(0, 200),
        message: a.annotations.summary ?? a.annotations.description,
      };
    });
}
