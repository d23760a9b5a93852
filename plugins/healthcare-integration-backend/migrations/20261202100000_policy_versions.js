// @ts-check

/**
 * Versions of the running governance policy, in a hash chain of their own: each entry binds
 * the policy's canonical hash, what changed from the entry before, when it was recorded and the
 * previous entry's hash. Records already carry the hash of the policy their gates were derived
 * under (`hip_integrations.policy_hash`); the index serves the portfolio's filter by version.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_policy_versions', table => {
    table.comment('Versions of the running governance policy, hash-chained');
    table.integer('seq').notNullable().primary();
    table.string('policy_hash', 64).notNullable();
    table.text('policy').notNullable();
    table.text('changes').notNullable();
    table.string('recorded_at', 32).notNullable();
    table.string('prev_entry_hash', 64).notNullable();
    table.string('entry_hash', 64).notNullable();
  });
  await knex.schema.alterTable('hip_integrations', table => {
    table.index(['policy_hash'], 'hip_integrations_policy_hash_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hip_integrations', table => {
    table.dropIndex(['policy_hash'], 'hip_integrations_policy_hash_idx');
  });
  await knex.schema.dropTable('hip_policy_versions');
};
