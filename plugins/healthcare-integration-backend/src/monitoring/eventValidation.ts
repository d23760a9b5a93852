import {
  type ExceptionLinks,
  MONITORING_CATEGORIES,
  MonitoringCategory,
  SEVERITIES,
  monitoringEventSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';

export interface ValidEvent {
  integrationRef: string;
  category: MonitoringCategory;
  kind: string;
  severity: string;
  count: number;
  occurredAt: string;
  source: string;
  dedupKey: string;
  message?: string;
  /** Set by the Alertmanager path only (never read from an event's JSON). */
  links?: ExceptionLinks;
  /** The resolved exception this event re-opens (an alert firing again after a resolve). */
  reopenedFrom?: string;
  /** Why the stored time differs from the one sent. */
  timeNote?: string;
}

const KEYS = new Set([
  'integrationRef',
  'category',
  'kind',
  'severity',
  'count',
  'occurredAt',
  'source',
  'dedupKey',
  'message',
]);
const CATEGORIES = new Set<string>(MONITORING_CATEGORIES);
const SEVERITY_SET = new Set<string>(SEVERITIES);
const KIND = /^[a-z0-9][a-z0-9-]{0,63}$/;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

// Printable ASCII without spaces: trimmed, every character visible, no control, bidi or invisible
// characters, so the schema's safeText rules hold without checking them one by one.
const PLAIN = /^[\x21-\x7e]*$/;
const PLAIN_MESSAGE = /^[\x20-\x7e\t\n\r]*$/;
const trimmedString = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max && PLAIN.test(v);

/**
 * A quick check for the common, well-formed event; anything it does not accept goes through the
 * zod schema, which gives the field and the reason. It only ever accepts a subset of what the
 * schema accepts (a test compares the two on generated input), so it changes speed, not rules:
 * the schema costs about as much as the database insert at batch sizes of 1,000.
 */
function quickParse(raw: unknown): ValidEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return undefined;
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KEYS.has(key)) return undefined;
  if (!trimmedString(r.integrationRef, 3, 255)) return undefined;
  if (typeof r.category !== 'string' || !CATEGORIES.has(r.category))
    return undefined;
  if (typeof r.kind !== 'string' || !KIND.test(r.kind)) return undefined;
  if (
    r.severity !== undefined &&
    (typeof r.severity !== 'string' || !SEVERITY_SET.has(r.severity))
  )
    return undefined;
  if (
    r.count !== undefined &&
    !(
      Number.isInteger(r.count) &&
      (r.count as number) >= 1 &&
      (r.count as number) <= 1_000_000
    )
  ) {
    return undefined;
  }
  if (typeof r.occurredAt !== 'string' || !UTC_TIME.test(r.occurredAt))
    return undefined;
  const time = new Date(r.occurredAt);
  // A real calendar time (no 2026-02-30): the parsed time prints back the same to the second.
  if (
    Number.isNaN(time.getTime()) ||
    time.toISOString().slice(0, 19) !== r.occurredAt.slice(0, 19)
  )
    return undefined;
  if (!trimmedString(r.source, 1, 100)) return undefined;
  if (!trimmedString(r.dedupKey, 1, 200)) return undefined;
  if (
    r.message !== undefined &&
    !(
      typeof r.message === 'string' &&
      r.message.length <= 2000 &&
      PLAIN_MESSAGE.test(r.message)
    )
  ) {
    return undefined;
  }
  return {
    integrationRef: r.integrationRef,
    category: r.category as MonitoringCategory,
    kind: r.kind,
    severity: (r.severity as string | undefined) ?? 'error',
    count: (r.count as number | undefined) ?? 1,
    occurredAt: time.toISOString(),
    source: r.source,
    dedupKey: r.dedupKey,
    message: r.message as string | undefined,
  };
}

/** Validates one event: the event, or the reason naming the field. */
export function parseEvent(
  raw: unknown,
): { event: ValidEvent } | { reason: string } {
  const quick = quickParse(raw);
  if (quick) return { event: quick };
  const parsed = monitoringEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: `${issue.path.join('.') || '(event)'}: ${issue.message}` };
  }
  return {
    event: {
      ...parsed.data,
      occurredAt: new Date(parsed.data.occurredAt).toISOString(),
    },
  };
}

export { quickParse as quickParseForTests };
