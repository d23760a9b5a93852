import type { Knex } from 'knex';
import { rollUpHealth } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { IntegrationRow } from '../database/rows';

/** The open severities that a stored (time-independent) health stands for. */
function severitiesOf(stored: string): string[] {
  if (stored === 'down') return ['critical'];
  if (stored === 'degraded') return ['error'];
  return [];
}

/** The health rollup from the stored (time-independent) health and the silence window. */
export function effectiveHealth(
  row: IntegrationRow,
  now: string,
  silenceWindowHours: number,
) {
  const stored = (row as { health?: string }).health ?? 'unknown';
  return rollUpHealth({
    stage: row.stage,
    openSeverities: severitiesOf(stored),
    lastSignalAt: (row as { last_signal_at?: string | null }).last_signal_at,
    now: new Date(now),
    silenceWindowHours,
  }).health;
}

/** The same rules as `effectiveHealth`, as a query filter. */
export function whereHealth(
  b: Knex.QueryBuilder,
  health: string,
  now: string,
  silenceWindowHours: number,
) {
  const cutoff = new Date(
    Date.parse(now) - silenceWindowHours * 3_600_000,
  ).toISOString();
  const live = ['live', 'change'];
  if (health === 'down' || health === 'degraded') b.where('health', health);
  if (health === 'healthy') {
    b.where('health', 'healthy')
      .whereIn('stage', live)
      .where('last_signal_at', '>=', cutoff);
  }
  if (health === 'unknown') {
    b.where(w =>
      w
        .where('health', 'unknown')
        .orWhere(h =>
          h
            .where('health', 'healthy')
            .andWhere(x =>
              x
                .whereNotIn('stage', live)
                .orWhereNull('last_signal_at')
                .orWhere('last_signal_at', '<', cutoff),
            ),
        ),
    );
  }
}
