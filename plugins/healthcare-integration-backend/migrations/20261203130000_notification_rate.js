// @ts-check

/**
 * What each recipient was sent, for the per-recipient hourly cap on governance notices: a bulk
 * change (a policy re-derivation reopening hundreds of gates) must not bury a reviewer.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_notification_sends', table => {
    table.comment('One row per recipient of each governance notice sent');
    table.increments('id');
    table.string('recipient', 255).notNullable();
    table.string('sent_at', 32).notNullable();
    table.index(['recipient', 'sent_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_notification_sends');
};
