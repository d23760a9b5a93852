// @ts-check

/**
 * State of polled monitoring sources (modules on the monitoring-sources extension point), one
 * JSON value per source and key, so that any backend instance can take the next poll. The Mirth
 * channel counters kept so far move in under source `mirth:<engine>`, key `channel:<id>`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_monitoring_source_state', table => {
    table.comment('Per-source state of polled monitoring sources');
    table.string('source_id', 100).notNullable();
    table.string('state_key', 200).notNullable();
    table.text('value').notNullable();
    table.string('updated_at', 32).notNullable();
    table.primary(['source_id', 'state_key']);
  });
  const rows = await knex('hip_mirth_channel_stats').select();
  for (const r of rows) {
    await knex('hip_monitoring_source_state').insert({
      source_id: `mirth:${r.engine_id}`,
      state_key: `channel:${r.channel_id}`,
      value: JSON.stringify({
        errored: Number(r.errored),
        queued: Number(r.queued),
      }),
      updated_at: r.polled_at,
    });
  }
  await knex.schema.dropTable('hip_mirth_channel_stats');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('hip_mirth_channel_stats', table => {
    table.string('engine_id', 100).notNullable();
    table.string('channel_id', 100).notNullable();
    table.integer('errored').notNullable();
    table.integer('queued').notNullable();
    table.string('polled_at', 32).notNullable();
    table.primary(['engine_id', 'channel_id']);
  });
  const rows = await knex('hip_monitoring_source_state')
    .where('source_id', 'like', 'mirth:%')
    .andWhere('state_key', 'like', 'channel:%');
  for (const r of rows) {
    const value = JSON.parse(r.value);
    await knex('hip_mirth_channel_stats').insert({
      engine_id: r.source_id.slice('mirth:'.length),
      channel_id: r.state_key.slice('channel:'.length),
      errored: Number(value.errored ?? 0),
      queued: Number(value.queued ?? 0),
      polled_at: r.updated_at,
    });
  }
  await knex.schema.dropTable('hip_monitoring_source_state');
};
