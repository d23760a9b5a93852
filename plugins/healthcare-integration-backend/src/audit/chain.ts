import { createHash } from 'node:crypto';
import { canonicalJson } from '@internal/plugin-healthcare-integration-common';
import type { AuditEvent, ChainVerification } from '@internal/plugin-healthcare-integration-common';

/** The previous-hash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnhashedAuditEvent = Omit<AuditEvent, 'prevHash' | 'hash'>;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

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
 * Verifies one integration's chain, in sequence order. `head` is the chain head recorded
 * outside the chain (on the integration row, or in an evidence pack), which catches a removed
 * last event. Reports the first sequence number that was altered or is missing.
 */
export function verifyChain(
  integrationRef: string,
  events: AuditEvent[],
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
      return fail(expectedSeq, `event ${expectedSeq} is missing (found ${event.seq} next)`);
    }
    if (event.integrationRef !== integrationRef) {
      return fail(event.seq, `event ${event.seq} belongs to ${event.integrationRef}`);
    }
    if (event.prevHash !== prevHash) {
      // The predecessor no longer hashes to what this event committed to: the predecessor changed.
      return fail(event.seq - 1, `event ${event.seq - 1} does not match the hash event ${event.seq} recorded`);
    }
    const recomputed = chainHash(prevHash, event);
    if (recomputed !== event.hash) {
      return fail(event.seq, `event ${event.seq} was altered: its content no longer matches its hash`);
    }
    prevHash = event.hash;
  }
  if (head) {
    if (head.seq > events.length) {
      return fail(events.length + 1, `event ${events.length + 1} is missing (chain head is ${head.seq})`);
    }
    if (head.seq !== events.length || head.hash !== prevHash) {
      return fail(head.seq, `the chain head (${head.seq}) does not match the last event`);
    }
  }
  return { integrationRef, ok: true, events: events.length, head: prevHash };
}
