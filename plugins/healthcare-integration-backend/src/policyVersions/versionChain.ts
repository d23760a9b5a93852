import {
  type PolicyChainVerification,
  type PolicyGateChanges,
  canonicalJson,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { sha256Hex } from '../lib/sha256';

/** The first entry's `prevEntryHash`: no version came before it. */
export const POLICY_CHAIN_GENESIS = '0'.repeat(64);

/** One stored version, as the chain binds it. */
export interface PolicyVersionEntry {
  seq: number;
  policyHash: string;
  changes: PolicyGateChanges;
  recordedAt: string;
  prevEntryHash: string;
}

/** The hash that binds an entry to its content and to the entry before it. */
export function policyEntryHash(entry: PolicyVersionEntry): string {
  return sha256Hex(
    canonicalJson({
      seq: entry.seq,
      policyHash: entry.policyHash,
      changes: entry.changes,
      recordedAt: entry.recordedAt,
      prevEntryHash: entry.prevEntryHash,
    }),
  );
}

export interface StoredPolicyVersion extends PolicyVersionEntry {
  entryHash: string;
  /** The canonical policy text whose SHA-256 is `policyHash`. */
  policy: string;
}

/**
 * Checks the chain from the first version: consecutive sequence numbers, each policy text
 * hashing to its `policyHash`, each entry hash recomputed, each link to the entry before.
 * An edited policy, a rewritten change list, a removed or re-ordered version each break it.
 */
export function verifyPolicyChain(
  versions: StoredPolicyVersion[],
): PolicyChainVerification {
  let prev = POLICY_CHAIN_GENESIS;
  for (const [i, v] of versions.entries()) {
    const broken = (problem: string): PolicyChainVerification => ({
      verified: false,
      entries: versions.length,
      brokenAt: v.seq,
      problem,
    });
    if (v.seq !== i + 1)
      return broken(`version ${i + 1} is missing (found ${v.seq})`);
    if (sha256Hex(v.policy) !== v.policyHash)
      return broken(
        `the policy text of version ${v.seq} does not match its hash`,
      );
    if (v.prevEntryHash !== prev)
      return broken(`version ${v.seq} does not link to version ${v.seq - 1}`);
    if (policyEntryHash(v) !== v.entryHash)
      return broken(`the entry of version ${v.seq} was altered`);
    prev = v.entryHash;
  }
  return { verified: true, entries: versions.length };
}
