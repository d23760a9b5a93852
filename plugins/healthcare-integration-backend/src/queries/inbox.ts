import type { Knex } from 'knex';
import type { InboxItem } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RecordFilter } from '../permissions/recordFilter';

/** An inbox item as the tables give it, before the rules say whether it can be acted on. */
export type InboxCandidate = Omit<
  InboxItem,
  'actionable' | 'blockedBy' | 'canDecide'
>;

/**
 * Every open gate awaiting a role the user holds (through any of `identityRefs`) and has not
 * yet decided, on records the permission conditions (`readable`) let them read, oldest first.
 * All of them: the order the inbox shows (actionable first) comes from the rules, so the page
 * is cut after them (engine/worklists.ts).
 */
export async function listInbox(
  db: Knex,
  userRef: string,
  identityRefs: string[],
  now: string,
  readable?: RecordFilter,
): Promise<InboxCandidate[]> {
  const query = db('hip_role_holders as rh')
    .join('hip_gate_roles as gr', j =>
      j.on('gr.entity_ref', 'rh.entity_ref').andOn('gr.role', 'rh.role'),
    )
    .join('hip_gates as g', j =>
      j.on('g.entity_ref', 'gr.entity_ref').andOn('g.gate_id', 'gr.gate_id'),
    )
    .join('hip_integrations as i', 'i.entity_ref', 'g.entity_ref')
    .whereIn('rh.holder_ref', identityRefs)
    .whereIn('g.status', ['pending', 'in-review', 'reopened'])
    .whereNot('g.requested_by', userRef)
    .whereNot('i.requested_by', userRef)
    .whereNotExists(q =>
      q
        .select(db.raw('1'))
        .from('hip_gate_decisions as d')
        .whereRaw(
          'd.entity_ref = g.entity_ref and d.gate_id = g.gate_id and d.round = g.round',
        )
        .andWhere(w =>
          w.whereRaw('d.role = gr.role').orWhere('d.decided_by', userRef),
        )
        .andWhere('d.stale', false),
    )
    .select(
      'g.entity_ref',
      'i.title as integration_title',
      'i.stage as integration_stage',
      'g.gate_id',
      'g.title',
      'g.stage',
      'g.status',
      'gr.role',
      'g.opened_at',
      'g.due_at',
    )
    .orderBy([
      { column: 'g.opened_at' },
      { column: 'g.entity_ref' },
      { column: 'g.gate_id' },
    ]);
  // The conditions name the records table's own columns: applied in a subquery of it.
  if (readable)
    query.whereIn('g.entity_ref', q =>
      q.select('entity_ref').from('hip_integrations').where(readable),
    );
  const rows = await query;
  const items = new Map<string, InboxCandidate>();
  for (const r of rows) {
    const key = `${r.entity_ref}#${r.gate_id}`;
    const existing = items.get(key);
    if (existing) {
      existing.roles.push(r.role);
      continue;
    }
    items.set(key, {
      entityRef: r.entity_ref,
      title: r.integration_title,
      gateId: r.gate_id,
      gateTitle: r.title,
      stage: r.stage,
      integrationStage: r.integration_stage,
      status: r.status,
      roles: [r.role],
      openedAt: r.opened_at,
      dueAt: r.due_at,
      overdue: r.due_at < now,
    });
  }
  return [...items.values()];
}
