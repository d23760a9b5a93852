// @ts-check

/**
 * Governance notifications: one claim per notice (a unique key per rule, record, gate or change
 * and event), so that with several backend instances exactly one sends it; and what was sent
 * for each change request, to whom and when ("how users were told").
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_notification_claims', table => {
    table.comment('One row per governance notice sent (or being sent)');
    table.string('claim_key', 600).primary();
    table.string('rule', 64).notNullable();
    table.string('entity_ref', 255).notNullable().index();
    table.string('claimed_at', 32).notNullable();
  });
  await knex.schema.createTable('hip_change_notifications', table => {
    table.comment(
      'Notices sent about a change request, as the API returns them',
    );
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('change_id', 64).notNullable();
    table.string('event', 32).notNullable();
    table.string('topic', 100).notNullable();
    table.text('recipients').notNullable();
    table.string('sent_at', 32).notNullable();
    table.string('outcome', 16).notNullable();
    table.index(['entity_ref', 'change_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_change_notifications');
  await knex.schema.dropTable('hip_notification_claims');
};
