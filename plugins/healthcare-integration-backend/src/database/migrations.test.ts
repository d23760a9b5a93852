import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from './migrations';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrate up creates every table, and down removes them again', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    for (const table of [
      'hip_integrations',
      'hip_gates',
      'hip_gate_decisions',
      'hip_evidence',
      'hip_audit_events',
      'hip_audit_checkpoints',
      'hip_audit_checkpoint_heads',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback({ directory: migrationsDir }, true);
    expect(await knex.schema.hasTable('hip_integrations')).toBe(false);
    expect(await knex.schema.hasTable('hip_audit_checkpoints')).toBe(false);
    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex.schema.hasTable('hip_audit_events')).toBe(true);
  });
});
