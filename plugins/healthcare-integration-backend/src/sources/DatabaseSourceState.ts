import type { Knex } from 'knex';
import type { MonitoringSourceState } from '@hcig/backstage-plugin-healthcare-integration-node';

const TABLE = 'hip_monitoring_source_state';

/** One source's state in `hip_monitoring_source_state`, JSON per key. */
export class DatabaseSourceState implements MonitoringSourceState {
  constructor(
    private readonly db: Knex,
    private readonly sourceId: string,
    private readonly clock: () => Date,
  ) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const row = await this.db(TABLE)
      .where({ source_id: this.sourceId, state_key: key })
      .first('value');
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined)
      throw new TypeError(`State ${key} of ${this.sourceId} is not JSON`);
    await this.db(TABLE)
      .insert({
        source_id: this.sourceId,
        state_key: key,
        value: text,
        updated_at: this.clock().toISOString(),
      })
      .onConflict(['source_id', 'state_key'])
      .merge(['value', 'updated_at']);
  }
}
