import { z } from 'zod';

/**
 * One alert of the Alertmanager webhook (version 4). Validated alert by alert: one bad alert
 * in a group is reported on its own, the others are used.
 */
export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string()),
  annotations: z.record(z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  fingerprint: z.string().optional(),
  generatorURL: z.string().optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

const envelope = {
  version: z.literal('4', { errorMap: () => ({ message: 'must be "4"' }) }),
  receiver: z.string().default('alertmanager'),
  status: z.enum(['firing', 'resolved']),
  groupLabels: z.record(z.string()).optional(),
  commonLabels: z.record(z.string()).optional(),
  commonAnnotations: z.record(z.string()).optional(),
  externalURL: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
};

/**
 * The payload as the OpenAPI document describes it. Any number of alerts is accepted (a storm
 * is one group; Alertmanager does not retry a 4xx, so refusing a large group would lose it).
 */
export const alertmanagerPayloadSchema = z.object({
  ...envelope,
  alerts: z.array(alertmanagerAlertSchema),
});

/** What the route parses first: the envelope, with each alert checked on its own later. */
export const alertmanagerEnvelopeSchema = z.object({
  ...envelope,
  alerts: z.array(z.unknown()),
});
export type AlertmanagerEnvelope = z.infer<typeof alertmanagerEnvelopeSchema>;

/** `GET /monitoring/ingest-problems?limit=` */
export const ingestProblemsQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).optional() })
  .strict();
