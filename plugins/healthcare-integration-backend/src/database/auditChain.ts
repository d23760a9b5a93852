import { sha256Hex } from '../lib/sha256';
import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import type {
  AuditEvent,
  ChainVerification,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditRow } from './rows';

/** The previous-hash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnhashedAuditEvent = Omit<AuditEvent, 'prevHash' | 'hash'>;

export { sha256Hex };

/** `hash = sha256(prevHash ‖ canonical JSON of the event)`. */
export function chainHash(prevHash: string, event: UnhashedAuditEvent): string {
  const body = canonicalJson({
    integrationRef: event.integrationRef,
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    payload: event.payload,
  });
  return sha256Hex(prevHash + body);
}

/**
 * The same hash as `chainHash`, computed from a stored row whose payload column already holds
 * the canonical JSON of the payload (as AuditLog writes it): no parse, no re-canonicalisation,
 * so verification runs close to the raw SHA-256 rate. Keys are in canonical (sorted) order.
 */
export function chainHashOfStored(
  prevHash: string,
  row: {
    entity_ref: string;
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string;
    payload: string;
  },
): string {
  const body =
    `{"action":${JSON.stringify(row.action)},"actor":${JSON.stringify(
      row.actor,
    )},"at":${JSON.stringify(row.at)}` +
    `,"integrationRef":${JSON.stringify(row.entity_ref)},"payload":${
      row.payload
    },"seq":${Number(row.seq)}` +
    `,"subject":${JSON.stringify(row.subject)}}`;
  return sha256Hex(prevHash + body);
}

/**
 * Verifies one integration's chain, in sequence order. `head` is the chain head recorded
 * outside the chain (on the integration row, or in an evidence pack), which catches a removed
 * last event. Reports the first sequence number that was altered or is missing.
 */
export function verifyChain(
  integrationRef: string,
  events: AuditEvent[],
  head?: { seq: number; hash: string },
): ChainVerification {
  return verifyLinks(
    integrationRef,
    events,
    e => chainHash(e.prevHash, e),
    head,
  );
}

/**
 * Verifies stored rows directly, in one tight loop: the same bytes as `chainHashOfStored`, built
 * in one template string per event. This is the API's path;
 * it runs at a good fraction of the raw SHA-256 rate of the hashed bytes (see `npm run bench`).
 */
export function verifyStoredChain(
  integrationRef: string,
  rows: Array<Omit<AuditRow, 'id'>>,
  head?: { seq: number; hash: string },
): ChainVerification {
  // JSON.stringify of each short string beats memoising it: timestamps are nearly all distinct,
  // and a map lookup costs as much as the encoding (measured with `npm run bench`).
  const q = JSON.stringify;
  const refAndPayload = `,"integrationRef":${JSON.stringify(
    integrationRef,
  )},"payload":`;
  let prevHash = GENESIS_HASH;
  const fail = (seq: number, reason: string): ChainVerification => ({
    integrationRef,
    ok: false,
    events: rows.length,
    head: prevHash,
    firstBrokenSeq: seq,
    reason,
  });
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const seq = Number(row.seq);
    if (seq !== i + 1)
      return fail(i + 1, `event ${i + 1} is missing (found ${seq} next)`);
    if (row.entity_ref !== integrationRef)
      return fail(seq, `event ${seq} belongs to ${row.entity_ref}`);
    if (row.prev_hash !== prevHash) {
      return fail(
        seq - 1,
        `event ${seq - 1} does not match the hash event ${seq} recorded`,
      );
    }
    const hash = sha256Hex(
      `${prevHash}{"action":${q(row.action)},"actor":${q(row.actor)},"at":${q(
        row.at,
      )}` +
        `${refAndPayload}${row.payload},"seq":${seq},"subject":${q(
          row.subject,
        )}}`,
    );
    if (hash !== row.hash)
      return fail(
        seq,
        `event ${seq} was altered: its content no longer matches its hash`,
      );
    prevHash = hash;
  }
  return (
    checkHead(integrationRef, rows.length, prevHash, head) ?? {
      integrationRef,
      ok: true,
      events: rows.length,
      head: prevHash,
    }
  );
}

function checkHead(
  integrationRef: string,
  count: number,
  last: string,
  head?: { seq: number; hash: string },
): ChainVerification | undefined {
  if (!head) return undefined;
  const fail = (seq: number, reason: string): ChainVerification => ({
    integrationRef,
    ok: false,
    events: count,
    head: last,
    firstBrokenSeq: seq,
    reason,
  });
  if (head.seq > count)
    return fail(
      count + 1,
      `event ${count + 1} is missing (chain head is ${head.seq})`,
    );
  if (head.seq !== count || head.hash !== last)
    return fail(
      head.seq,
      `the chain head (${head.seq}) does not match the last event`,
    );
  return undefined;
}

interface ChainLink {
  integrationRef: string;
  seq: number;
  prevHash: string;
  hash: string;
}

function verifyLinks<T extends ChainLink>(
  integrationRef: string,
  events: T[],
  recompute: (event: T) => string,
  head?: { seq: number; hash: string },
): ChainVerification {
  let prevHash = GENESIS_HASH;
  const fail = (seq: number, reason: string): ChainVerification => ({
    integrationRef,
    ok: false,
    events: events.length,
    head: prevHash,
    firstBrokenSeq: seq,
    reason,
  });
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const expectedSeq = i + 1;
    if (event.seq !== expectedSeq) {
      return fail(
        expectedSeq,
        `event ${expectedSeq} is missing (found ${event.seq} next)`,
      );
    }
    if (event.integrationRef !== integrationRef) {
      return fail(
        event.seq,
        `event ${event.seq} belongs to ${event.integrationRef}`,
      );
    }
    if (event.prevHash !== prevHash) {
      // The predecessor no longer hashes to what this event committed to: the predecessor changed.
      return fail(
        event.seq - 1,
        `event ${event.seq - 1} does not match the hash event ${
          event.seq
        } recorded`,
      );
    }
    const recomputed = recompute(event);
    if (recomputed !== event.hash) {
      return fail(
        event.seq,
        `event ${event.seq} was altered: its content no longer matches its hash`,
      );
    }
    prevHash = event.hash;
  }
  return (
    checkHead(integrationRef, events.length, prevHash, head) ?? {
      integrationRef,
      ok: true,
      events: events.length,
      head: prevHash,
    }
  );
}
