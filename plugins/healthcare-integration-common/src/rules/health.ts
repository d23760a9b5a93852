import type { Health } from '../monitoring';

/**
 * Health rollup rules, in order:
 *  1. an unresolved `critical` exception → `down`;
 *  2. any unresolved exception of severity warning or above → `degraded`;
 *  3. a live integration with no signal within the silence window → `unknown`;
 *  4. otherwise `healthy`. An integration that is not live yet is `unknown` (nothing to watch).
 */
export function rollUpHealth(input: {
  stage: string;
  openSeverities: string[];
  lastSignalAt?: string | null;
  now: Date;
  silenceWindowHours: number;
}): { health: Health; reason: string } {
  const { stage, openSeverities, lastSignalAt, now, silenceWindowHours } =
    input;
  const critical = openSeverities.filter(s => s === 'critical').length;
  if (critical)
    return { health: 'down', reason: `${critical} critical exception(s) open` };
  const significant = openSeverities.filter(s => s !== 'info').length;
  if (significant)
    return { health: 'degraded', reason: `${significant} exception(s) open` };
  if (stage !== 'live' && stage !== 'change') {
    return { health: 'unknown', reason: `not live (stage ${stage})` };
  }
  const cutoff = now.getTime() - silenceWindowHours * 3_600_000;
  if (!lastSignalAt || Date.parse(lastSignalAt) < cutoff) {
    return {
      health: 'unknown',
      reason: lastSignalAt
        ? `no signal since ${lastSignalAt} (window ${silenceWindowHours} h)`
        : 'no monitoring signal received yet',
    };
  }
  return { health: 'healthy', reason: 'no open exceptions' };
}

/** Severity order, for keeping the worst severity seen on an exception. */
export const SEVERITY_RANK: Record<string, number> = {
  info: 0,
  warning: 1,
  error: 2,
  critical: 3,
};

/** The health stored on the record row: the time-independent part of the rollup. */
export function storedHealth(openSeverities: string[]): Health {
  if (openSeverities.includes('critical')) return 'down';
  if (openSeverities.some(s => s !== 'info')) return 'degraded';
  return 'healthy';
}
