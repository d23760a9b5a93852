// @ts-check

/**
 * Versions of each integration's operating model: version 1 at intake, a new one each time a
 * change is authorised and implemented and the document differs. The primary key stops two
 * backend instances from recording the same version twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_operating_model_versions', table => {
    table.comment('Operating-model versions; each hash is in the audit chain');
    table.string('entity_ref', 255).notNullable();
    table.integer('version').notNullable();
    // Canonical JSON of the document, and its SHA-256.
    table.text('content').notNullable();
    table.string('content_hash', 64).notNullable();
    // `intake`, or `change:<id>` of the change request that was implemented.
    table.string('reason', 100).notNullable();
    table.string('created_at', 32).notNullable();
    table.primary(['entity_ref', 'version'], 'hip_operating_model_versions_pk');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_operating_model_versions');
};
