// @ts-check

/**
 * Signed audit checkpoints. Each checkpoint signs a Merkle root over every chain head; its row
 * keeps the signed body exactly as signed. The heads are stored only when they changed
 * (`hip_audit_checkpoint_heads`): a checkpoint's leaves are each chain's latest head up to it.
 * Append-only: the plugin never updates a signed body or deletes a row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_audit_checkpoints', table => {
    table.comment('Append-only signed checkpoints of every audit chain head');
    table.integer('seq').primary();
    table.string('at', 32).notNullable();
    // scheduled | export
    table.string('reason', 16).notNullable();
    table.string('key_id', 100).notNullable();
    // Canonical JSON of the signed body (format, seq, at, reason, keyId, algorithm, treeSize,
    // merkleRoot, previousSignature), exactly the bytes the signature covers.
    table.text('body').notNullable();
    table.text('signature').notNullable();
    // Set once written to the archive outside the database.
    table.string('archived_at', 32).nullable();
    // RFC 3161 time-stamp token (base64 DER), when a time-stamp authority is configured.
    table.text('timestamp_token').nullable();
  });
  await knex.schema.createTable('hip_audit_checkpoint_heads', table => {
    table.comment(
      'Chain heads that changed at each checkpoint (the leaves of its Merkle tree)',
    );
    table.integer('checkpoint_seq').notNullable();
    table.string('entity_ref', 255).notNullable();
    table.integer('seq').notNullable();
    table.string('hash', 64).notNullable();
    table.primary(['entity_ref', 'checkpoint_seq']);
    table.index(['checkpoint_seq'], 'hip_audit_checkpoint_heads_cp_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hip_audit_checkpoint_heads');
  await knex.schema.dropTable('hip_audit_checkpoints');
};
