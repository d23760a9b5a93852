// @ts-check

/**
 * Alert lifecycle as alerting tools have it: an exception recovers when its alerts resolve,
 * re-opens as a new occurrence when one fires again after a resolve, and keeps the links back to
 * where the alert came from. `hip_alert_states` is the last state of each alert (by Alertmanager
 * fingerprint) and the exception it feeds; `hip_ingest_problems` lists what ingest could not use
 * (or used only after truncating or clamping), for platform administrators.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('hip_exceptions', table => {
    table.string('recovered_at', 32).nullable();
    table.string('recovered_by', 255).nullable();
    table.string('reopened_from', 36).nullable();
    // JSON: source, generatorURL, alertmanagerURL, runbookURL, fingerprint (the latest alert's).
    table.text('links').nullable();
  });
  await knex.schema.alterTable('hip_monitoring_events', table => {
    // Why the stored time differs from the one sent (clamped), when it does.
    table.string('time_note', 300).nullable();
  });
  await knex.schema.createTable('hip_alert_states', table => {
    table.string('alert_key', 100).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('status', 16).notNullable();
    table.string('starts_at', 32).notNullable();
    table.string('ends_at', 32).nullable();
    table.string('exception_id', 36).nullable();
    table.string('last_delivery_at', 32).notNullable();
    table.index(['exception_id', 'status'], 'hip_alert_states_exception_idx');
  });
  await knex.schema.createTable('hip_ingest_problems', table => {
    table.bigIncrements('id');
    table.string('received_at', 32).notNullable();
    table.string('route', 32).notNullable();
    table.string('source', 100).notNullable();
    table.string('outcome', 32).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('reason', 1000).notNullable();
    // What identifies the item: its index, fingerprint and labels (JSON, shortened).
    table.text('item').nullable();
    table.index(['received_at'], 'hip_ingest_problems_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_ingest_problems');
  await knex.schema.dropTable('hip_alert_states');
  await knex.schema.alterTable('hip_monitoring_events', table => {
    table.dropColumn('time_note');
  });
  await knex.schema.alterTable('hip_exceptions', table => {
    table.dropColumn('links');
    table.dropColumn('reopened_from');
    table.dropColumn('recovered_by');
    table.dropColumn('recovered_at');
  });
};
