import {
  type ExceptionLinks,
  MONITORING_CATEGORIES,
  type MonitoringCategory,
  SEVERITIES,
  type Severity,
  canonicalJson,
  isSafeHttpUrl,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { EffectivePolicy } from '../config/readPolicy';
import { sha256Hex } from '../lib/sha256';
import {
  type AlertmanagerEnvelope,
  alertmanagerAlertSchema,
} from './alertmanager';
import { implausibleTime } from './eventTimes';
import { integrationRefOf } from './integrationRefs';

/** An alert as the lifecycle uses it; `problem` when it cannot be used at all. */
export type MappedAlert =
  | { index: number; problem: string; item: string }
  | {
      index: number;
      status: 'firing' | 'resolved';
      heartbeat: boolean;
      /** Stable per alert (Alertmanager's fingerprint of its labels). */
      alertKey: string;
      integrationRef: string;
      category: MonitoringCategory;
      kind: string;
      severity: Severity;
      startsAt: string;
      endsAt?: string;
      source: string;
      message?: string;
      links: ExceptionLinks;
      notes: string[];
      item: string;
    };

const MESSAGE_MAX = 2000;
const CATEGORY_SET = new Set<string>(MONITORING_CATEGORIES);
const SEVERITY_SET = new Set<string>(SEVERITIES);

/** Control characters (but tab and newlines), bidi controls and lone surrogates removed. */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Long text is shortened, never refused: the alert matters more than its prose. */
export function fitText(text: string, max: number) {
  const clean = text.replace(UNSAFE_TEXT, '');
  if (clean.length <= max) return { text: clean, cut: clean !== text };
  let cut = clean.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return { text: `${cut}…`, cut: true };
}

function kebab(name: string) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Index, fingerprint and a few labels: enough for an admin to find the rule, shortened. */
function describe(index: number, raw: unknown) {
  const a = (raw ?? {}) as { labels?: unknown; fingerprint?: unknown };
  return fitText(
    JSON.stringify({ index, fingerprint: a.fingerprint, labels: a.labels }),
    1000,
  ).text;
}

function alertKeyOf(fingerprint: string | undefined, labels: object) {
  if (fingerprint && /^[0-9a-f]{1,64}$/i.test(fingerprint))
    return `am:${fingerprint.toLowerCase()}`;
  return `am:l${sha256Hex(canonicalJson(labels)).slice(0, 40)}`;
}

function link(
  field: string,
  url: string | undefined,
  notes: string[],
): string | undefined {
  if (url === undefined || url === '') return undefined;
  if (isSafeHttpUrl(url)) return url;
  notes.push(`${field}: not a safe http(s) URL; not stored`);
  return undefined;
}

/**
 * Maps one alert by its labels. Category and severity are used only when they are known or in
 * the policy's tables; anything else refuses the alert with a reason (never a silent default).
 * Text is shortened, times outside the believable window are replaced by the receipt time, and
 * each change is noted.
 */
export function mapAlert(
  raw: unknown,
  index: number,
  payload: AlertmanagerEnvelope,
  policy: EffectivePolicy,
  bounds: { latest: Date; earliest: Date },
  now: Date,
): MappedAlert {
  const item = describe(index, raw);
  const fail = (problem: string): MappedAlert => ({ index, problem, item });
  const parsed = alertmanagerAlertSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`alerts.${index}.${issue.path.join('.')}: ${issue.message}`);
  }
  const a = parsed.data;
  const labels = a.labels;
  const table = policy.policy.monitoring.alertmanager ?? {};
  const heartbeat =
    (table.heartbeatAlertnames ?? []).includes(labels.alertname ?? '') ||
    labels.heartbeat === 'true';

  const rawRef = labels.integration ?? labels.backstage_integration;
  if (!rawRef)
    return fail(
      'labels.integration: missing (or backstage_integration): names the integration the alert is about',
    );
  const integrationRef = integrationRefOf(rawRef);
  if (typeof integrationRef !== 'string')
    return fail(`labels.integration: ${integrationRef.reason}`);

  const category = mapLabel(
    'category',
    labels.category,
    CATEGORY_SET,
    table.categoryLabels,
    'technical' as MonitoringCategory,
    MONITORING_CATEGORIES,
  );
  if ('problem' in category) return fail(category.problem);
  const severity = mapLabel(
    'severity',
    labels.severity,
    SEVERITY_SET,
    table.severityLabels,
    'error' as Severity,
    SEVERITIES,
  );
  if ('problem' in severity) return fail(severity.problem);
  const kind = kebab(labels.kind ?? labels.alertname ?? '') || 'alert';

  const notes: string[] = [];
  const started = Date.parse(a.startsAt);
  if (Number.isNaN(started))
    return fail(`alerts.${index}.startsAt: not a date-time`);
  let startsAt = new Date(started).toISOString();
  const badStart = implausibleTime('startsAt', startsAt, bounds);
  if (badStart) {
    startsAt = now.toISOString();
    notes.push(`${badStart}; stored as the receipt time ${startsAt}`);
  }
  let endsAt: string | undefined;
  if (a.status === 'resolved' && a.endsAt) {
    const ended = Date.parse(a.endsAt);
    const iso = Number.isNaN(ended) ? undefined : new Date(ended).toISOString();
    const badEnd = iso
      ? implausibleTime('endsAt', iso, bounds)
      : 'endsAt: not a date-time';
    endsAt = badEnd ? now.toISOString() : iso;
    if (badEnd) notes.push(`${badEnd}; stored as the receipt time ${endsAt}`);
  }

  let message: string | undefined;
  const text = a.annotations.summary ?? a.annotations.description;
  if (text !== undefined) {
    const fitted = fitText(text, MESSAGE_MAX);
    message = fitted.text || undefined;
    if (fitted.cut)
      notes.push(
        `annotations.summary: ${text.length} characters, stored shortened to ${fitted.text.length} (unsafe characters removed)`,
      );
  }
  const links: ExceptionLinks = {
    source: fitText(`alertmanager:${payload.receiver}`, 100).text,
    generatorURL: link('generatorURL', a.generatorURL, notes),
    alertmanagerURL: link('externalURL', payload.externalURL, notes),
    runbookURL: link(
      'annotations.runbook_url',
      a.annotations.runbook_url ?? a.annotations.runbook,
      notes,
    ),
    fingerprint: a.fingerprint ? fitText(a.fingerprint, 64).text : undefined,
  };
  Object.keys(links).forEach(k => {
    if (links[k as keyof ExceptionLinks] === undefined)
      delete links[k as keyof ExceptionLinks];
  });
  return {
    index,
    status: a.status,
    heartbeat,
    alertKey: alertKeyOf(a.fingerprint, labels),
    integrationRef,
    category: category.value,
    kind,
    severity: severity.value,
    startsAt,
    endsAt,
    source: links.source!.replace(/[^\x21-\x7e]/g, '_'),
    message,
    links,
    notes,
    item,
  };
}

/**
 * A category or severity label: the configured table first (an explicit mapping wins), then
 * the plugin's own values; anything else is a problem naming the label and the table.
 */
function mapLabel<T extends string>(
  name: 'category' | 'severity',
  value: string | undefined,
  known: ReadonlySet<string>,
  configured: Record<string, string> | undefined,
  fallback: T,
  values: readonly string[],
): { value: T } | { problem: string } {
  if (value === undefined) return { value: fallback };
  const mapped = configured?.[value] ?? (known.has(value) ? value : undefined);
  if (mapped) return { value: mapped as T };
  return {
    problem: `labels.${name}: ${JSON.stringify(
      value,
    )} is not a ${name} (${values.join(
      ', ',
    )}) nor mapped in healthcareIntegration.policy.monitoring.alertmanager.${name}Labels`,
  };
}
