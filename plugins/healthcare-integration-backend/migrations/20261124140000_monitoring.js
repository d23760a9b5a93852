// @ts-check

/**
 * Monitoring after go-live: raw events (deduplicated by key), the open exceptions they roll up
 * into, and the last Mirth channel counters seen (shared by every backend instance).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_monitoring_events', table => {
    table.bigIncrements('id');
    table
      .string('dedup_key', 200)
      .notNullable()
      .unique({ indexName: 'hip_monitoring_events_dedup_uniq' });
    table.string('entity_ref', 255).notNullable();
    table.string('category', 16).notNullable();
    table.string('kind', 64).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('count').notNullable();
    table.string('occurred_at', 32).notNullable();
    table.string('received_at', 32).notNullable();
    table.string('source', 100).notNullable();
    table.text('message').nullable();
    table.index(
      ['entity_ref', 'occurred_at'],
      'hip_monitoring_events_ref_time_idx',
    );
  });

  await knex.schema.createTable('hip_exceptions', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('category', 16).notNullable();
    table.string('kind', 64).notNullable();
    table.string('severity', 16).notNullable();
    table.string('status', 16).notNullable();
    table.integer('count').notNullable();
    table.string('routed_role', 32).notNullable();
    table.string('routed_to', 255).notNullable();
    table.string('first_seen_at', 32).notNullable();
    table.string('last_seen_at', 32).notNullable();
    table.text('last_message').nullable();
    table.string('acknowledged_by', 255).nullable();
    table.string('acknowledged_at', 32).nullable();
    table.string('resolved_by', 255).nullable();
    table.string('resolved_at', 32).nullable();
    table.string('notified_at', 32).nullable();
    table.integer('notified_count').notNullable().defaultTo(0);
    // At most one unresolved exception per integration, category and kind: new events count into it.
    table
      .string('open_key', 400)
      .nullable()
      .unique({ indexName: 'hip_exceptions_open_uniq' });
    table.index(['entity_ref', 'status'], 'hip_exceptions_ref_status_idx');
  });

  await knex.schema.createTable('hip_mirth_channel_stats', table => {
    table.string('engine_id', 100).notNullable();
    table.string('channel_id', 100).notNullable();
    table.integer('errored').notNullable();
    table.integer('queued').notNullable();
    table.string('polled_at', 32).notNullable();
    table.primary(['engine_id', 'channel_id']);
  });

  await knex.schema.alterTable('hip_integrations', table => {
    table.string('last_signal_at', 32).nullable();
    table.string('health', 16).notNullable().defaultTo('unknown');
    table.index(['health'], 'hip_integrations_health_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hip_integrations', table => {
    table.dropIndex(['health'], 'hip_integrations_health_idx');
    table.dropColumn('health');
    table.dropColumn('last_signal_at');
  });
  await knex.schema.dropTable('hip_mirth_channel_stats');
  await knex.schema.dropTable('hip_exceptions');
  await knex.schema.dropTable('hip_monitoring_events');
};
