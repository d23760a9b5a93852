import type { UnsignedEvidencePack } from './evidencePack';
import { code, e, short, utc, yesNo } from './reportHtml';

/**
 * What the portal found when it produced the pack (chain, checkpoint, binding, pack signature),
 * with the command that checks it again without the portal.
 */
export function verificationSection(
  pack: UnsignedEvidencePack,
  signingKeyId: string,
): string {
  const v = pack.verification;
  const cp = pack.checkpoint;
  return `
    <div class="box">
      <dl>
        <dt>Audit chain</dt><dd>${yesNo(
          v.chain.ok,
          `intact: ${v.chain.events} events, head event ${pack.audit.head.seq}`,
          `broken at event ${v.chain.firstBrokenSeq ?? '?'}: ${
            v.chain.reason ?? ''
          }`,
        )} — head ${short(pack.audit.head.hash)}</dd>
        <dt>Signed checkpoint</dt><dd>${
          cp
            ? `${yesNo(
                v.checkpoint.ok,
                `checkpoint #${cp.body.seq} of ${utc(cp.body.at)}`,
                v.checkpoint.message,
              )} — signed by key ${code(cp.signature.keyId)} (${e(
                cp.signature.algorithm,
              )}), Merkle root ${short(cp.body.merkleRoot)} over ${e(
                cp.body.treeSize,
              )} chains; this chain is leaf ${e(cp.leafIndex)}, head event ${e(
                cp.leaf.seq,
              )}`
            : `<span class="bad">✘ ${e(v.checkpoint.message)}</span>`
        }</dd>
        <dt>Records bound to the chain</dt><dd>${
          v.binding.ok
            ? '<span class="ok">✔ every gate, decision, waiver, evidence item, test, change and exception below is what the chain records</span>'
            : `<span class="bad">✘ ${e(
                v.binding.differences.length,
              )} difference(s) between the records and the chain:</span><ul>${v.binding.differences
                .slice(0, 200)
                .map(d => `<li>${e(d)}</li>`)
                .join('')}</ul>`
        }</dd>
        <dt>Evidence pack</dt><dd>${code(
          pack.packId,
        )}, signed as a whole with key ${code(
    signingKeyId,
  )}; this report is part of it.</dd>
      </dl>
      <p class="meta">These results are what the portal found when it produced the pack. To check them independently, without the portal,
      run <code>npx hip-verify-evidence-pack &lt;pack file&gt; --keys &lt;pinned keys file&gt;</code> on the pack this report came with (docs/audit.md).</p>
    </div>`;
}
