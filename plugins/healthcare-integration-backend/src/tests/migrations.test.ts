import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { migrationsDir } from '../database/migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REF = 'component:default/lab-orders';
const AT = '2026-11-24T12:00:00.000Z';

async function migrateUpOnce(knex: Knex, name: string) {
  await knex.migrate.up({ directory: migrationsDir, name });
}

async function migrateDownOnce(knex: Knex, name: string) {
  await knex.migrate.down({ directory: migrationsDir, name });
}

const tables = async (knex: Knex, names: string[]) =>
  Object.fromEntries(
    await Promise.all(
      names.map(async n => [n, await knex.schema.hasTable(n)] as const),
    ),
  );

/**
 * Steps through the migrations one at a time with data in the tables, the way an installed
 * portal meets them on upgrade, and back down again: rows written before a migration are there,
 * unchanged, after it.
 */
describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('carries data through each migration, up and down', async () => {
    const knex = await databases.init(databaseId);

    await migrateUpOnce(knex, '20261124120000_init.js');
    await knex('hip_integrations').insert({
      entity_ref: REF,
      namespace: 'default',
      name: 'lab-orders',
      title: 'Lab orders',
      stage: 'design',
      profile: '{"phi":true}',
      roles: '{}',
      phi: true,
      requested_by: 'user:default/priya.patel',
      policy_hash: 'a'.repeat(64),
      audit_head: 'b'.repeat(64),
      created_at: AT,
      updated_at: AT,
    });
    await knex('hip_gates').insert({
      entity_ref: REF,
      gate_id: 'security-review',
      title: 'Security review',
      description: '',
      stage: 'design',
      status: 'waived',
      approver_roles: '["securityReviewer"]',
      evidence_kinds: '[]',
      requires: '[]',
      sla_days: 10,
      round: 1,
      opened_at: AT,
      due_at: AT,
      requested_by: 'user:default/priya.patel',
      waiver: '{"by":"user:default/maria.gonzalez"}',
    });

    await migrateUpOnce(knex, '20261124140000_monitoring.js');
    // Existing records get the monitoring columns with their defaults.
    expect(
      await knex('hip_integrations').where({ entity_ref: REF }).first(),
    ).toMatchObject({
      title: 'Lab orders',
      health: 'unknown',
      last_signal_at: null,
    });
    await knex('hip_monitoring_events').insert({
      entity_ref: REF,
      category: 'technical',
      kind: 'failed-message',
      severity: 'error',
      count: 3,
      occurred_at: AT,
      received_at: AT,
      source: 'mirth',
      dedup_key: 'k1',
    });

    await knex('hip_mirth_channel_stats').insert({
      engine_id: 'prod',
      channel_id: 'ch-1',
      errored: 4,
      queued: 2,
      polled_at: AT,
    });

    await migrateUpOnce(knex, '20261125100000_mapping.js');
    expect(
      Number((await knex('hip_monitoring_events').count({ n: '*' }))[0].n),
    ).toBe(1);

    await migrateUpOnce(knex, '20261201100000_record_changes_waivers.js');
    // A waiver granted before expiring waivers existed has no expiry: it is never swept.
    expect(
      await knex('hip_gates').where({ entity_ref: REF }).first(),
    ).toMatchObject({ status: 'waived', waiver_expires_at: null });
    await knex('hip_record_changes').insert({
      id: '00000000-0000-4000-8000-000000000001',
      entity_ref: REF,
      status: 'pending',
      proposed_by: 'user:default/dev.ops',
      proposed_at: AT,
      before: '{}',
      after: '{"roles":{"businessOwner":"user:default/dev.ops"}}',
      approver_roles: '["complianceReviewer"]',
    });

    await migrateUpOnce(knex, '20261201170000_audit_checkpoints.js');
    expect(
      await tables(knex, [
        'hip_audit_checkpoints',
        'hip_audit_checkpoint_heads',
      ]),
    ).toEqual({
      hip_audit_checkpoints: true,
      hip_audit_checkpoint_heads: true,
    });
    expect((await knex('hip_record_changes').first()).after).toBe(
      '{"roles":{"businessOwner":"user:default/dev.ops"}}',
    );

    await migrateUpOnce(knex, '20261201190000_monitoring_source_state.js');
    // The Mirth counters become the Mirth source's state: the next poll continues from them.
    expect(await knex.schema.hasTable('hip_mirth_channel_stats')).toBe(false);
    const state = await knex('hip_monitoring_source_state');
    expect(state).toHaveLength(1);
    expect(state[0]).toMatchObject({
      source_id: 'mirth:prod',
      state_key: 'channel:ch-1',
      updated_at: AT,
    });
    expect(JSON.parse(state[0].value)).toEqual({ errored: 4, queued: 2 });

    // And back down, one step at a time; what the earlier migrations made stays.
    await migrateDownOnce(knex, '20261201190000_monitoring_source_state.js');
    expect(await knex.schema.hasTable('hip_monitoring_source_state')).toBe(
      false,
    );
    expect(await knex('hip_mirth_channel_stats')).toEqual([
      expect.objectContaining({
        engine_id: 'prod',
        channel_id: 'ch-1',
        polled_at: AT,
      }),
    ]);
    expect(
      Number((await knex('hip_mirth_channel_stats').first()).errored),
    ).toBe(4);
    await migrateDownOnce(knex, '20261201170000_audit_checkpoints.js');
    expect(
      await tables(knex, ['hip_audit_checkpoints', 'hip_record_changes']),
    ).toEqual({
      hip_audit_checkpoints: false,
      hip_record_changes: true,
    });
    await migrateDownOnce(knex, '20261201100000_record_changes_waivers.js');
    expect(
      await tables(knex, ['hip_record_changes', 'hip_record_change_decisions']),
    ).toEqual({
      hip_record_changes: false,
      hip_record_change_decisions: false,
    });
    expect(await knex.schema.hasColumn('hip_gates', 'waiver_expires_at')).toBe(
      false,
    );
    expect(
      await knex('hip_gates').where({ entity_ref: REF }).first(),
    ).toMatchObject({
      status: 'waived',
      waiver: '{"by":"user:default/maria.gonzalez"}',
    });
    await migrateDownOnce(knex, '20261125100000_mapping.js');
    expect(await knex.schema.hasTable('hip_mapping_versions')).toBe(false);
    await migrateDownOnce(knex, '20261124140000_monitoring.js');
    expect(await knex.schema.hasColumn('hip_integrations', 'health')).toBe(
      false,
    );
    expect((await knex('hip_integrations').first()).title).toBe('Lab orders');
    await migrateDownOnce(knex, '20261124120000_init.js');
    expect(
      await tables(knex, ['hip_integrations', 'hip_gates', 'hip_audit_events']),
    ).toEqual({
      hip_integrations: false,
      hip_gates: false,
      hip_audit_events: false,
    });
  });

  it('migrates a fresh database to the latest schema, every table there', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const expected = [
      'hip_integrations',
      'hip_role_holders',
      'hip_gates',
      'hip_gate_roles',
      'hip_gate_decisions',
      'hip_evidence',
      'hip_tests',
      'hip_change_requests',
      'hip_audit_events',
      'hip_monitoring_events',
      'hip_exceptions',
      'hip_monitoring_source_state',
      'hip_mapping_versions',
      'hip_mapping_confirmations',
      'hip_record_changes',
      'hip_record_change_decisions',
      'hip_audit_checkpoints',
      'hip_audit_checkpoint_heads',
      'hip_policy_versions',
    ];
    // Named one by one, so that a missing table is reported by name.
    expect(await tables(knex, expected)).toEqual(
      Object.fromEntries(expected.map(n => [n, true])),
    );
    expect(await knex.schema.hasTable('hip_mirth_channel_stats')).toBe(false);
  });

  it('adds and removes the policy versions without touching the records', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    await knex('hip_integrations').insert({
      entity_ref: REF,
      namespace: 'default',
      name: 'lab-orders',
      title: 'Lab orders',
      stage: 'design',
      profile: '{"phi":true}',
      roles: '{}',
      phi: true,
      requested_by: 'user:default/priya.patel',
      policy_hash: 'a'.repeat(64),
      audit_head: 'b'.repeat(64),
      created_at: AT,
      updated_at: AT,
    });
    await knex('hip_policy_versions').insert({
      seq: 1,
      policy_hash: 'a'.repeat(64),
      policy: '{}',
      changes: '{"added":[],"removed":[],"changed":[]}',
      recorded_at: AT,
      prev_entry_hash: '0'.repeat(64),
      entry_hash: 'c'.repeat(64),
    });
    await migrateDownOnce(knex, '20261202100000_policy_versions.js');
    expect(await knex.schema.hasTable('hip_policy_versions')).toBe(false);
    expect(
      await knex('hip_integrations').where({ entity_ref: REF }).first(),
    ).toMatchObject({ title: 'Lab orders', policy_hash: 'a'.repeat(64) });
    await migrateUpOnce(knex, '20261202100000_policy_versions.js');
    expect(
      Number((await knex('hip_policy_versions').count({ n: '*' }))[0].n),
    ).toBe(0);
  });
});
