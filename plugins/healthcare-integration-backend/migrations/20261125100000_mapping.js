// @ts-check

/**
 * Data-mapping review: each stored version of an integration's mapping spec (with its
 * validation result and per-row hashes), and row sign-offs bound to the row hash they saw.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_mapping_versions', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.integer('version').notNullable();
    // Canonical JSON of the spec, and its SHA-256.
    table.text('spec').notNullable();
    table.string('spec_hash', 64).notNullable();
    // JSON object: row id → SHA-256 of the row's canonical JSON.
    table.text('row_hashes').notNullable();
    table.text('validation').notNullable();
    table.string('evidence_id', 36).nullable();
    table.text('comment').nullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.unique(['entity_ref', 'version'], {
      indexName: 'hip_mapping_versions_ref_version_uniq',
    });
  });

  await knex.schema.createTable('hip_mapping_confirmations', table => {
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.string('row_id', 64).notNullable();
    table.string('row_hash', 64).notNullable();
    table.integer('version').notNullable();
    table.string('status', 16).notNullable();
    table.string('role', 32).notNullable();
    table.string('decided_by', 255).notNullable();
    table.string('decided_at', 32).notNullable();
    table.text('comment').nullable();
    // Set when a later version changed the row: the sign-off no longer covers it.
    table.boolean('stale').notNullable().defaultTo(false);
    table.index(
      ['entity_ref', 'row_id'],
      'hip_mapping_confirmations_ref_row_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_mapping_confirmations');
  await knex.schema.dropTable('hip_mapping_versions');
};
