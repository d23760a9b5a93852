import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import type {
  DecisionRow,
  EvidenceRow,
  GateRow,
  IntegrationRow,
  TestRow,
} from '../database/rows';
import type { Actor, EngineDeps, Loaded } from './types';
import { allQueries } from '../lib/allQueries';
import { refreshSummary } from './gateOps';

/** Collects the audit entries of one mutation; they are chained in the same transaction. */
export class MutationContext {
  readonly entries: AuditEntry[] = [];
  constructor(
    readonly deps: EngineDeps,
    readonly tx: Knex.Transaction,
    readonly loaded: Loaded,
    readonly actor: Actor,
    readonly now: string,
  ) {}

  get entityRef() {
    return this.loaded.record.entity_ref;
  }

  audit(
    action: string,
    subject: string,
    payload: Record<string, unknown> = {},
  ) {
    this.entries.push({ actor: this.actor.ref, action, subject, payload });
  }
}

/** The evidence metadata a status reads (not the content). */
export const EVIDENCE_COLUMNS = [
  'id',
  'entity_ref',
  'kind',
  'title',
  'sha256',
  'size_bytes',
  'media_type',
  'url',
  'uploaded_by',
  'uploaded_at',
  'expires_at',
  'supersedes',
  'superseded_by',
];

/** Loads a record with its gates, decisions, evidence metadata and tests; locks the row if asked. */
export async function loadRecord(
  deps: EngineDeps,
  db: Knex | Knex.Transaction,
  entityRef: string,
  lock = false,
): Promise<Loaded> {
  let q = db<IntegrationRow>('hip_integrations').where({
    entity_ref: entityRef,
  });
  // SQLite serialises writers itself and has no row locks.
  if (lock && db.client.config.client === 'pg') q = q.forUpdate();
  const record = await q.first();
  if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
  const [gates, decisions, evidence, tests] = await allQueries(db, [
    db<GateRow>('hip_gates').where({ entity_ref: entityRef }),
    db<DecisionRow>('hip_gate_decisions')
      .where({ entity_ref: entityRef })
      .orderBy('id'),
    db<EvidenceRow>('hip_evidence')
      .where({ entity_ref: entityRef })
      .select(EVIDENCE_COLUMNS)
      .orderBy('uploaded_at') as unknown as Promise<EvidenceRow[]>,
    db<TestRow>('hip_tests').where({ entity_ref: entityRef }),
  ]);
  return {
    record,
    gates: inPolicyOrder(deps, gates),
    decisions,
    evidence,
    tests,
  };
}

/** Sorts a record's gates in the order the policy lists them (the order the tab shows). */
export function inPolicyOrder(deps: EngineDeps, gates: GateRow[]): GateRow[] {
  const order = new Map(deps.policy.policy.gates.map((g, i) => [g.id, i]));
  return gates.sort(
    (a, b) => (order.get(a.gate_id) ?? 99) - (order.get(b.gate_id) ?? 99),
  );
}

/**
 * Runs one mutation under the record's row lock and chains its audit events. Concurrent
 * writers (several backend instances) apply one after another; a mutation that records no
 * audit entry changed nothing and leaves the record untouched. Resolves to what `fn`
 * returned, once the transaction has committed.
 */
export async function mutateRecord<T = void>(
  deps: EngineDeps,
  entityRef: string,
  actor: Actor,
  fn: (ctx: MutationContext) => Promise<T>,
): Promise<T> {
  let events: AuditEvent[] = [];
  const result = await deps.db.transaction(async tx => {
    const loaded = await loadRecord(deps, tx, entityRef, true);
    const ctx = new MutationContext(
      deps,
      tx,
      loaded,
      actor,
      deps.clock().toISOString(),
    );
    const value = await fn(ctx);
    if (!ctx.entries.length) return value;
    await tx('hip_integrations')
      .where({ entity_ref: entityRef })
      .update({ updated_at: ctx.now });
    await refreshSummary(tx, entityRef, loaded.gates);
    events = await deps.auditLog.append(
      tx,
      {
        entityRef,
        seq: Number(loaded.record.audit_seq),
        hash: loaded.record.audit_head,
      },
      ctx.entries,
      ctx.now,
    );
    return value;
  });
  deps.onAudit(events);
  return result;
}
