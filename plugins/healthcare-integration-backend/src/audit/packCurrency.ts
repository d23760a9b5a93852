import {
  checkpointSigningInput,
  packCheckpointOf,
  verifyInclusion,
  type FullCheckpoint,
  type PackCheckpoint,
} from './checkpoints';
import type { EvidencePack } from './evidencePack';
import { h12, type Finding } from './packFindings';
import { checkSignature, type KeysDocument } from './signingKeys';

/**
 * Whether the pack is still current, given a later checkpoint: valid but superseded when that
 * checkpoint signs a later head of the chain, tampered when it contradicts the pack's head.
 */
export function checkCurrent(
  pack: EvidencePack,
  cp: PackCheckpoint,
  given: PackCheckpoint | FullCheckpoint,
  keys: KeysDocument | undefined,
  findings: Finding[],
) {
  const ref = pack.integration.entityRef;
  const what = `the given checkpoint #${given.body?.seq}`;
  const signed = checkSignature(
    keys,
    given.signature,
    checkpointSigningInput(given.body),
    given.body?.at,
    what,
  );
  if (!signed.ok) {
    findings.push({
      kind: signed.kind === 'trust' ? 'trust' : 'integrity',
      message: signed.message,
    });
    return;
  }
  const later = 'leaves' in given ? packCheckpointOf(given, ref) : given;
  if (!later || later.leaf?.integrationRef !== ref) {
    findings.push({
      kind: 'integrity',
      message: `${what} does not cover ${ref}`,
    });
    return;
  }
  if (
    !verifyInclusion(
      later.leaf,
      later.leafIndex,
      later.body.treeSize,
      later.inclusionProof,
      later.body.merkleRoot,
    )
  ) {
    findings.push({
      kind: 'integrity',
      message: `${what}: its Merkle proof for ${ref} does not reach its signed root`,
    });
    return;
  }
  if (given.body.seq === cp.body.seq) {
    if (given.signature.value !== cp.signature.value) {
      findings.push({
        kind: 'integrity',
        message: `checkpoint #${cp.body.seq} in the pack is not the checkpoint #${cp.body.seq} given`,
      });
    }
    return;
  }
  if (given.body.seq < cp.body.seq) return; // older than the pack: says nothing about currency
  if (
    given.body.seq === cp.body.seq + 1 &&
    given.body.previousSignature !== cp.signature.value
  ) {
    findings.push({
      kind: 'integrity',
      message: `${what} does not follow the pack's checkpoint #${cp.body.seq}: their signatures do not link`,
    });
  }
  const head = pack.audit.head;
  if (later.leaf.seq > head.seq) {
    findings.push({
      kind: 'stale',
      message: `the pack is not current: ${what} (${given.body.at}) signs event ${later.leaf.seq} as the head of ${ref}; the pack ends at event ${head.seq} (checkpoint #${cp.body.seq}, ${cp.body.at})`,
    });
  } else if (later.leaf.seq < head.seq || later.leaf.hash !== head.hash) {
    findings.push({
      kind: 'integrity',
      message: `${what} signs event ${later.leaf.seq} (${h12(
        later.leaf.hash,
      )}) as the head of ${ref}, which contradicts the pack's event ${
        head.seq
      } (${h12(head.hash)})`,
    });
  }
}
