// @ts-check

/**
 * The governance schema. Every table is keyed by the integration's entity ref so that one
 * integration's rows can be locked and read together.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hip_integrations', table => {
    table.comment('One governed integration record per catalog entity');
    table.string('entity_ref', 255).primary();
    table.string('namespace', 63).notNullable();
    table.string('name', 63).notNullable();
    table.string('title', 255).notNullable();
    table.string('stage', 16).notNullable();
    table.text('profile').notNullable().comment('IntegrationProfile as JSON');
    table.text('roles').notNullable().comment('RoleHolders as JSON');
    table.boolean('phi').notNullable();
    table.string('requested_by', 255).notNullable();
    table.integer('profile_revision').notNullable().defaultTo(1);
    table.string('policy_hash', 64).notNullable();
    // Denormalised for the portfolio, kept current in the same transaction as every change.
    table.integer('gates_required').notNullable().defaultTo(0);
    table.integer('gates_closed').notNullable().defaultTo(0);
    table.string('earliest_due_at', 32).nullable();
    // Head of the audit chain: detects a deleted last row.
    table.integer('audit_seq').notNullable().defaultTo(0);
    table.string('audit_head', 64).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['stage'], 'hip_integrations_stage_idx');
    table.index(['earliest_due_at'], 'hip_integrations_due_idx');
  });

  await knex.schema.createTable('hip_role_holders', table => {
    table.comment(
      'Who holds which role on which integration (user or group refs)',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('role', 32).notNullable();
    table.string('holder_ref', 255).notNullable();
    table.primary(['entity_ref', 'role']);
    table.index(['holder_ref'], 'hip_role_holders_holder_idx');
  });

  await knex.schema.createTable('hip_gates', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('gate_id', 64).notNullable();
    table.string('title', 255).notNullable();
    table.text('description').notNullable();
    table.string('stage', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('approver_roles').notNullable();
    table.text('evidence_kinds').notNullable();
    table.text('requires').notNullable();
    table.boolean('requires_test_matrix').notNullable().defaultTo(false);
    table.integer('sla_days').notNullable();
    table
      .integer('round')
      .notNullable()
      .defaultTo(1)
      .comment('Increments on reopen');
    table.string('opened_at', 32).notNullable();
    table.string('due_at', 32).notNullable();
    table.string('requested_by', 255).notNullable();
    table.text('reopen_reason').nullable();
    table.text('waiver').nullable();
    table.primary(['entity_ref', 'gate_id']);
    table.index(['status'], 'hip_gates_status_idx');
  });

  await knex.schema.createTable('hip_gate_roles', table => {
    table.comment('Approver roles per gate, for the reviewer inbox query');
    table.string('entity_ref', 255).notNullable();
    table.string('gate_id', 64).notNullable();
    table.string('role', 32).notNullable();
    table.primary(['entity_ref', 'gate_id', 'role']);
    table.index(['entity_ref', 'role'], 'hip_gate_roles_role_idx');
  });

  await knex.schema.createTable('hip_gate_decisions', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('gate_id', 64).notNullable();
    table.integer('round').notNullable();
    table.string('role', 32).notNullable();
    table.string('decision', 16).notNullable();
    table.text('comment').notNullable();
    table.string('decided_by', 255).notNullable();
    table.string('decided_at', 32).notNullable();
    table.integer('profile_revision').notNullable();
    table.string('evidence_digest', 64).notNullable();
    table.boolean('stale').notNullable().defaultTo(false);
    // One decision per role per review round, even with several backend instances.
    table.unique(['entity_ref', 'gate_id', 'round', 'role'], {
      indexName: 'hip_gate_decisions_round_role_uniq',
    });
  });

  await knex.schema.createTable('hip_evidence', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 32).notNullable();
    table.string('title', 255).notNullable();
    table.string('sha256', 64).notNullable();
    table.integer('size_bytes').notNullable();
    table.string('media_type', 255).notNullable();
    table.text('url').nullable();
    table.binary('content').nullable();
    table.string('uploaded_by', 255).notNullable();
    table.string('uploaded_at', 32).notNullable();
    table.string('expires_at', 32).nullable();
    table.string('supersedes', 36).nullable();
    table.string('superseded_by', 36).nullable();
    table.index(['entity_ref', 'kind'], 'hip_evidence_ref_kind_idx');
  });

  await knex.schema.createTable('hip_tests', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('scenario', 32).notNullable();
    table.string('result', 16).notNullable();
    table.string('owner', 255).notNullable();
    table.string('evidence_id', 36).nullable();
    table.text('notes').nullable();
    table.string('recorded_by', 255).nullable();
    table.string('recorded_at', 32).nullable();
    table.primary(['entity_ref', 'scenario']);
  });

  await knex.schema.createTable('hip_change_requests', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('type', 32).notNullable();
    table.string('change_class', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('summary').notNullable();
    table.text('impact_assessment').notNullable();
    table.text('notify').notNullable();
    table.text('reopened_gates').notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 32).notNullable();
    table.string('authorised_by', 255).nullable();
    table.string('authorised_at', 32).nullable();
    table.boolean('locked').notNullable().defaultTo(false);
    table.string('closed_at', 32).nullable();
    table.index(['entity_ref'], 'hip_change_requests_ref_idx');
  });

  await knex.schema.createTable('hip_audit_events', table => {
    table.comment('Append-only; one SHA-256 hash chain per integration');
    table.bigIncrements('id');
    table.string('entity_ref', 255).notNullable();
    table.integer('seq').notNullable();
    table.string('at', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('subject', 255).notNullable();
    table.text('payload').notNullable();
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.unique(['entity_ref', 'seq'], {
      indexName: 'hip_audit_events_ref_seq_uniq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const t of [
    'hip_audit_events',
    'hip_change_requests',
    'hip_tests',
    'hip_evidence',
    'hip_gate_decisions',
    'hip_gate_roles',
    'hip_gates',
    'hip_role_holders',
    'hip_integrations',
  ]) {
    await knex.schema.dropTable(t);
  }
};
