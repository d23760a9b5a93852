import type { Knex } from 'knex';
import { CHUNK } from './batchSize';

/**
 * Which integration refs have a governance record, so that ingest can refuse events for unknown
 * ones. Records are never deleted, so a ref once found stays known and is not looked up again.
 */
export class KnownRecords {
  private readonly knownRefs = new Set<string>();

  constructor(private readonly db: Knex) {}

  async of(refs: string[]): Promise<Set<string>> {
    const missing = refs.filter(r => !this.knownRefs.has(r));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await this.db('hip_integrations')
        .whereIn('entity_ref', missing.slice(i, i + CHUNK))
        .select('entity_ref');
      rows.forEach(r => this.knownRefs.add(r.entity_ref));
    }
    return this.knownRefs;
  }
}
