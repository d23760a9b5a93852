import type { ChainVerification } from '@internal/plugin-healthcare-integration-common';
import { verifyChain } from './chain';
import { EVIDENCE_PACK_FORMAT, EvidencePack } from './evidencePack';

export interface PackVerification {
  ok: boolean;
  chain: ChainVerification;
  problems: string[];
}

/**
 * Offline verification of an evidence pack: the chain recomputes to its head, and every
 * evidence item listed has an `evidence.uploaded` event in the chain with the same hash,
 * so neither the trail nor the evidence metadata can be edited unnoticed.
 */
export function verifyEvidencePack(pack: EvidencePack): PackVerification {
  const problems: string[] = [];
  if (pack.format !== EVIDENCE_PACK_FORMAT) {
    problems.push(`unknown format ${String(pack.format)}; expected ${EVIDENCE_PACK_FORMAT}`);
  }
  const ref = pack.integration?.entityRef;
  const chain = verifyChain(ref, pack.audit?.events ?? [], pack.audit?.head);
  if (!chain.ok) problems.push(`audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`);
  const uploaded = new Map(
    (pack.audit?.events ?? [])
      .filter(e => e.action === 'evidence.uploaded')
      .map(e => [e.subject, e.payload.sha256]),
  );
  for (const ev of pack.evidence ?? []) {
    const chained = uploaded.get(ev.id);
    if (!chained) problems.push(`evidence ${ev.id} (${ev.title}) has no upload event in the chain`);
    else if (chained !== ev.sha256)
      problems.push(`evidence ${ev.id} (${ev.title}) hash ${ev.sha256} differs from the chained ${chained}`);
  }
  return { ok: problems.length === 0, chain, problems };
}
