import type { EffectivePolicy } from '../config/readPolicy';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The window of event times ingest believes, from the policy (defaults: 5 minutes, 365 days). */
export function timeBounds(policy: EffectivePolicy, now: Date) {
  const m = policy.policy.monitoring;
  return {
    latest: new Date(now.getTime() + (m.maxClockSkewMinutes ?? 5) * MINUTE),
    earliest: new Date(now.getTime() - (m.maxEventAgeDays ?? 365) * DAY),
  };
}

/**
 * Why an event time cannot be believed, or nothing: further ahead of the backend's clock than
 * the allowed skew (it would pin "last seen" and the 24-hour counts), or older than the oldest
 * event kept (year 0001 is Go's zero time, which Alertmanager uses for "not set").
 */
export function implausibleTime(
  field: string,
  iso: string,
  bounds: { latest: Date; earliest: Date },
): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return `${field}: not a date-time`;
  if (t > bounds.latest.getTime())
    return `${field}: ${iso} is ahead of the backend's clock by more than the allowed skew (latest ${bounds.latest.toISOString()})`;
  if (t < bounds.earliest.getTime())
    return `${field}: ${iso} is older than the oldest time kept (${bounds.earliest.toISOString()})`;
  return undefined;
}
