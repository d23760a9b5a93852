import { checkpointSigningInput, verifyInclusion } from './checkpoints';
import type { EvidencePack } from './evidencePack';
import { h12, type Finding } from './packFindings';
import { checkSignature, type KeysDocument } from './signingKeys';

/**
 * The pack's checkpoint: signed outside the reach of whoever holds the data, covering this
 * chain through its Merkle proof, and signing the head the pack's chain ends at.
 */

/** The checkpoint's own signature and its Merkle proof for this chain's leaf. */
export function checkPackCheckpoint(
  pack: EvidencePack,
  keys: KeysDocument | undefined,
  findings: Finding[],
) {
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const ref = pack?.integration?.entityRef;
  const cp = pack.checkpoint;
  if (!cp) {
    integrity(
      'the pack carries no signed checkpoint: its chain head is bound to nothing outside the pack',
    );
  } else {
    const what = `checkpoint #${cp.body?.seq}`;
    if (cp.signature?.keyId !== cp.body?.keyId) {
      integrity(
        `${what} names key ${cp.body?.keyId} but carries a signature by ${cp.signature?.keyId}`,
      );
    }
    const signed = checkSignature(
      keys,
      cp.signature,
      checkpointSigningInput(cp.body),
      cp.body?.at,
      what,
    );
    if (!signed.ok)
      findings.push({
        kind: signed.kind === 'trust' ? 'trust' : 'integrity',
        message: signed.message,
      });
    if (cp.leaf?.integrationRef !== ref) {
      integrity(`${what} leaf is for ${cp.leaf?.integrationRef}, not ${ref}`);
    } else if (
      !verifyInclusion(
        cp.leaf,
        cp.leafIndex,
        cp.body.treeSize,
        cp.inclusionProof,
        cp.body.merkleRoot,
      )
    ) {
      integrity(
        `${what}: the Merkle proof does not reach the signed root, so its leaf (event ${
          cp.leaf.seq
        }, ${h12(cp.leaf.hash)}) is not what was signed`,
      );
    }
  }
}

/** The pack's chain against the head the checkpoint signed: not rewritten, not cut off. */
export function checkChainAgainstCheckpoint(
  pack: EvidencePack,
  events: EvidencePack['audit']['events'],
  findings: Finding[],
) {
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const ref = pack?.integration?.entityRef;
  const cp = pack.checkpoint;
  if (cp?.leaf && cp.leaf.integrationRef === ref) {
    const head = pack.audit?.head;
    const atLeaf = events.find(ev => ev.seq === cp.leaf.seq);
    if (atLeaf && atLeaf.hash !== cp.leaf.hash) {
      integrity(
        `event ${cp.leaf.seq} has hash ${h12(
          atLeaf.hash,
        )} in the pack, but checkpoint #${cp.body.seq} signed ${h12(
          cp.leaf.hash,
        )} for it: the chain was rewritten`,
      );
    } else if (!atLeaf && cp.leaf.seq > events.length) {
      integrity(
        `the chain ends at event ${events.length}, but checkpoint #${cp.body.seq} signed event ${cp.leaf.seq} as its head: events were cut off`,
      );
    }
    if (head && (head.seq !== cp.leaf.seq || head.hash !== cp.leaf.hash)) {
      integrity(
        `the pack's chain head (event ${head.seq}, ${h12(
          head.hash,
        )}) is not the head checkpoint #${cp.body.seq} signed (event ${
          cp.leaf.seq
        }, ${h12(cp.leaf.hash)})`,
      );
    }
  }
}
