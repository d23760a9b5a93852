import type { Knex } from 'knex';
import {
  AuditEvent,
  canonicalJson,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { GENESIS_HASH, chainHash } from './auditChain';
import { AuditRow, toAuditEvent } from './rows';

/** Rows per multi-row insert: SQLite's compound-SELECT limit is 500. */
const INSERT_CHUNK = 500;

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
        // Canonical form, so that verification can hash the stored text as is.
        payload: canonicalJson(entry.payload),
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

  /**
   * Appends entries to many chains at once (monitoring opens exceptions on many integrations
   * per batch): heads read in one query (locked on PostgreSQL), one multi-row insert, and one
   * UPDATE … FROM (VALUES …) per chunk for the new heads.
   */
  async appendMany(
    tx: Knex.Transaction,
    entriesByRef: Map<string, AuditEntry[]>,
    at: string,
  ): Promise<AuditEvent[]> {
    const refs = [...entriesByRef.keys()];
    const rows: AuditRow[] = [];
    const heads: Array<[string, number, string]> = [];
    for (let i = 0; i < refs.length; i += 500) {
      let q = tx('hip_integrations')
        .whereIn('entity_ref', refs.slice(i, i + 500))
        .select('entity_ref', 'audit_seq', 'audit_head')
        // A fixed lock order keeps concurrent batches from deadlocking.
        .orderBy('entity_ref');
      if (tx.client.config.client === 'pg') q = q.forUpdate();
      for (const head of await q) {
        let seq = Number(head.audit_seq);
        let hash = head.audit_head as string;
        for (const entry of entriesByRef.get(head.entity_ref) ?? []) {
          seq += 1;
          const next = chainHash(hash, {
            integrationRef: head.entity_ref,
            seq,
            at,
            ...entry,
          });
          rows.push({
            entity_ref: head.entity_ref,
            seq,
            at,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            payload: canonicalJson(entry.payload),
            prev_hash: hash,
            hash: next,
          });
          hash = next;
        }
        heads.push([head.entity_ref, seq, hash]);
      }
    }
    // knex writes a multi-row insert on SQLite as a compound SELECT, limited to 500 terms.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx('hip_audit_events').insert(rows.slice(i, i + INSERT_CHUNK));
    }
    for (let i = 0; i < heads.length; i += 1000) {
      const chunk = heads.slice(i, i + 1000);
      await tx.raw(
        `UPDATE hip_integrations SET audit_seq = CAST(v.column2 AS INTEGER), audit_head = v.column3
         FROM (VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}) AS v
         WHERE hip_integrations.entity_ref = v.column1`,
        chunk.flatMap(([ref, seq, hash]) => [ref, String(seq), hash]),
      );
    }
    return rows.map(toAuditEvent);
  }

  /** Rows as stored, for verification without parsing payloads. */
  async readRows(entityRef: string): Promise<AuditRow[]> {
    return this.db<AuditRow>('hip_audit_events')
      .where({ entity_ref: entityRef })
      .orderBy('seq', 'asc');
  }

  async read(
    entityRef: string,
    opts: { afterSeq?: number; limit?: number } = {},
  ) {
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
