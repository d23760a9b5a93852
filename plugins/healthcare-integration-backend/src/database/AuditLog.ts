import type { Knex } from 'knex';
import type { AuditEvent } from '@internal/plugin-healthcare-integration-common';
import { GENESIS_HASH, chainHash } from '../audit/chain';
import { AuditRow, toAuditEvent } from './rows';

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
}

/**
 * The append-only audit chain. Appends happen inside the transaction that holds the
 * integration row's lock, so each chain grows strictly one event at a time; the unique
 * (entity_ref, seq) index refuses any second writer that got past that.
 */
export class AuditLog {
  constructor(private readonly db: Knex) {}

  /** Appends entries after the chain head held by the (locked) integration row. */
  async append(
    tx: Knex.Transaction,
    head: { entityRef: string; seq: number; hash: string },
    entries: AuditEntry[],
    at: string,
  ): Promise<AuditEvent[]> {
    let { seq, hash } = head;
    const rows: AuditRow[] = [];
    for (const entry of entries) {
      seq += 1;
      const unhashed = { integrationRef: head.entityRef, seq, at, ...entry };
      const next = chainHash(hash, unhashed);
      rows.push({
        entity_ref: head.entityRef,
        seq,
        at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        payload: JSON.stringify(entry.payload),
        prev_hash: hash,
        hash: next,
      });
      hash = next;
    }
    if (rows.length) {
      await tx('hip_audit_events').insert(rows);
      await tx('hip_integrations')
        .where({ entity_ref: head.entityRef })
        .update({ audit_seq: seq, audit_head: hash });
    }
    return rows.map(toAuditEvent);
  }

  async read(entityRef: string, opts: { afterSeq?: number; limit?: number } = {}) {
    let q = this.db<AuditRow>('hip_audit_events')
      .where({ entity_ref: entityRef })
      .orderBy('seq', 'asc');
    if (opts.afterSeq) q = q.where('seq', '>', opts.afterSeq);
    if (opts.limit) q = q.limit(opts.limit);
    return (await q).map(toAuditEvent);
  }

  static genesis(entityRef: string) {
    return { entityRef, seq: 0, hash: GENESIS_HASH };
  }
}
