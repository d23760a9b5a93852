import { createHash } from 'node:crypto';
import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Signature, SigningAlgorithm } from './signingKeys';

/**
 * Signed checkpoints: a Merkle root over every chain head (integration ref, sequence, head
 * hash), signed with the audit key, each naming the signature of the one before it. A chain
 * rewritten together with its head column no longer reaches the head a checkpoint signed.
 * The tree is RFC 6962's (leaf = H(0x00 ‖ leaf), node = H(0x01 ‖ left ‖ right)), so an evidence
 * pack carries one leaf and its inclusion proof instead of every integration's head.
 */

export const CHECKPOINT_FORMAT = 'healthcare-integration-checkpoint/v1';

export interface CheckpointLeaf {
  integrationRef: string;
  seq: number;
  hash: string;
}

/** What is signed (as canonical JSON). */
export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  /** 1, 2, 3, … across the whole installation. */
  seq: number;
  at: string;
  reason: 'scheduled' | 'export';
  keyId: string;
  algorithm: SigningAlgorithm;
  /** Number of leaves (chains). */
  treeSize: number;
  /** Hex SHA-256 Merkle root over the leaves, sorted by integration ref. */
  merkleRoot: string;
  /** Base64 signature of checkpoint seq − 1; null for the first. */
  previousSignature: string | null;
}

export interface SignedCheckpoint {
  body: CheckpointBody;
  signature: Signature;
}

/** A checkpoint with every leaf: what the archive holds and `/audit/checkpoints/:seq` serves. */
export interface FullCheckpoint extends SignedCheckpoint {
  leaves: CheckpointLeaf[];
}

const sha = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  parts.forEach(p => h.update(p));
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(leaf: CheckpointLeaf): Buffer {
  return sha(
    LEAF,
    Buffer.from(
      canonicalJson({
        integrationRef: leaf.integrationRef,
        seq: leaf.seq,
        hash: leaf.hash,
      }),
      'utf8',
    ),
  );
}

/** Leaves in tree order: by integration ref, compared as strings (never by database collation). */
export function sortLeaves(leaves: CheckpointLeaf[]): CheckpointLeaf[] {
  return [...leaves].sort((a, b) => {
    if (a.integrationRef === b.integrationRef) return 0;
    return a.integrationRef < b.integrationRef ? -1 : 1;
  });
}

const largestPowerOfTwoBelow = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

function rootOf(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return sha();
  if (hashes.length === 1) return hashes[0];
  const k = largestPowerOfTwoBelow(hashes.length);
  return sha(NODE, rootOf(hashes.slice(0, k)), rootOf(hashes.slice(k)));
}

/** Merkle tree hash (RFC 6962 §2.1) of the sorted leaves, hex. */
export function merkleRoot(sortedLeaves: CheckpointLeaf[]): string {
  return rootOf(sortedLeaves.map(leafHash)).toString('hex');
}

function pathOf(index: number, hashes: Buffer[]): Buffer[] {
  if (hashes.length <= 1) return [];
  const k = largestPowerOfTwoBelow(hashes.length);
  return index < k
    ? [...pathOf(index, hashes.slice(0, k)), rootOf(hashes.slice(k))]
    : [...pathOf(index - k, hashes.slice(k)), rootOf(hashes.slice(0, k))];
}

/** The audit path (RFC 6962 §2.1.1) of one leaf, hex, leaf side first. */
export function inclusionProof(
  sortedLeaves: CheckpointLeaf[],
  index: number,
): string[] {
  return pathOf(index, sortedLeaves.map(leafHash)).map(b => b.toString('hex'));
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  leaf: CheckpointLeaf,
  index: number,
  treeSize: number,
  proof: string[],
  root: string,
): boolean {
  if (
    !Number.isInteger(index) ||
    index < 0 ||
    index >= treeSize ||
    !Array.isArray(proof)
  )
    return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(leaf);
  for (const hex of proof) {
    if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) return false;
    const p = Buffer.from(hex, 'hex');
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = sha(NODE, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = sha(NODE, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === root;
}

/** The bytes a checkpoint signature covers. */
export function checkpointSigningInput(body: CheckpointBody): string {
  return canonicalJson(body);
}

/** The checkpoint evidence that a pack carries for its own chain. */
export interface PackCheckpoint extends SignedCheckpoint {
  leaf: CheckpointLeaf;
  leafIndex: number;
  inclusionProof: string[];
}

export function packCheckpointOf(
  full: FullCheckpoint,
  integrationRef: string,
): PackCheckpoint | undefined {
  const leaves = sortLeaves(full.leaves);
  const index = leaves.findIndex(l => l.integrationRef === integrationRef);
  if (index < 0) return undefined;
  return {
    body: full.body,
    signature: full.signature,
    leaf: leaves[index],
    leafIndex: index,
    inclusionProof: inclusionProof(leaves, index),
  };
}
