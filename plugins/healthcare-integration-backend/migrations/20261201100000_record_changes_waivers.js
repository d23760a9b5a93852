// @ts-check

/**
 * Governed record changes (role holders and risk profile change only when approved) and
 * waivers that expire.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_record_changes', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    // pending | applied | rejected | withdrawn
    table.string('status', 16).notNullable();
    table.string('proposed_by', 255).notNullable();
    table.string('proposed_at', 32).notNullable();
    // JSON: the changed fields as they were, and as proposed.
    table.text('before').notNullable();
    table.text('after').notNullable();
    // JSON list of roles that must approve (as held before the change).
    table.text('approver_roles').notNullable();
    table.string('closed_at', 32).nullable();
    table.index(['entity_ref', 'status'], 'hip_record_changes_ref_status_idx');
  });
  await knex.schema.createTable('hip_record_change_decisions', table => {
    table.bigIncrements('id');
    table.string('change_id', 36).notNullable();
    table.string('role', 32).notNullable();
    table.string('decision', 16).notNullable();
    table.text('comment').notNullable();
    table.string('decided_by', 255).notNullable();
    table.string('decided_at', 32).notNullable();
    // One decision per role and one per person on each change, also across instances.
    table.unique(['change_id', 'role'], {
      indexName: 'hip_record_change_decisions_role_uniq',
    });
    table.unique(['change_id', 'decided_by'], {
      indexName: 'hip_record_change_decisions_person_uniq',
    });
  });
  await knex.schema.alterTable('hip_gates', table => {
    // Set while a waiver is in force; the sweep reopens the gate when it passes.
    table.string('waiver_expires_at', 32).nullable();
    table.index(['status', 'waiver_expires_at'], 'hip_gates_waiver_expiry_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hip_gates', table => {
    table.dropIndex(
      ['status', 'waiver_expires_at'],
      'hip_gates_waiver_expiry_idx',
    );
    table.dropColumn('waiver_expires_at');
  });
  await knex.schema.dropTable('hip_record_change_decisions');
  await knex.schema.dropTable('hip_record_changes');
};
