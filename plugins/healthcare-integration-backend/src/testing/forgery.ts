import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  canonicalJson,
  type AuditEvent,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * What a forger with the pack file or write access to the database can do: recompute every
 * hash the documented way, `sha256(prevHash ‖ canonical JSON of the event)`, written here from
 * the documentation rather than taken from the implementation.
 */

const GENESIS = '0'.repeat(64);
const hashOf = (prevHash: string, e: Omit<AuditEvent, 'prevHash' | 'hash'>) =>
  createHash('sha256')
    .update(
      prevHash +
        canonicalJson({
          integrationRef: e.integrationRef,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          payload: e.payload,
        }),
    )
    .digest('hex');

/** Recomputes prevHash and hash of every event (in place), as a forger would after an edit. */
export function rechain(events: AuditEvent[]): AuditEvent[] {
  let prev = GENESIS;
  for (const e of events) {
    e.prevHash = prev;
    e.hash = hashOf(prev, e);
    prev = e.hash;
  }
  return events;
}

/** A deep copy to forge on. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * Rewrites one integration's chain in the database: `edit` changes the stored rows, every hash
 * from the first event on is recomputed, and the head column follows. What someone with write
 * access to the database, but not the signing key, can do.
 */
export async function rewriteStoredChain(
  knex: Knex,
  entityRef: string,
  edit: (events: AuditEvent[]) => void,
) {
  const rows = await knex('hip_audit_events')
    .where({ entity_ref: entityRef })
    .orderBy('seq');
  const events: AuditEvent[] = rows.map((r: any) => ({
    integrationRef: r.entity_ref,
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    payload: JSON.parse(r.payload),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  edit(events);
  rechain(events);
  for (const e of events) {
    await knex('hip_audit_events')
      .where({ entity_ref: entityRef, seq: e.seq })
      .update({
        actor: e.actor,
        payload: canonicalJson(e.payload),
        prev_hash: e.prevHash,
        hash: e.hash,
      });
  }
  const last = events[events.length - 1];
  await knex('hip_integrations')
    .where({ entity_ref: entityRef })
    .update({ audit_seq: last.seq, audit_head: last.hash });
  return events;
}
