import { verifyChain } from '../database/auditChain';
import { EVIDENCE_PACK_FORMAT_V1 } from './evidencePack';
import {
  packVerificationOf,
  type Finding,
  type PackVerification,
} from './packFindings';

/** Packs before signing: the chain can be checked, but it proves nothing against the file's holder. */
export function verifyV1(pack: any): PackVerification {
  const findings: Finding[] = [];
  const ref = pack.integration?.entityRef;
  const chain = verifyChain(ref, pack.audit?.events ?? [], pack.audit?.head);
  if (!chain.ok)
    findings.push({
      kind: 'integrity',
      message: `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
    });
  const uploaded = new Map<string, unknown>(
    (pack.audit?.events ?? [])
      .filter((e: any) => e.action === 'evidence.uploaded')
      .map((e: any) => [e.subject, e.payload?.sha256]),
  );
  for (const ev of pack.evidence ?? []) {
    const chained = uploaded.get(ev.id);
    if (!chained)
      findings.push({
        kind: 'integrity',
        message: `evidence ${ev.id} (${ev.title}) has no upload event in the chain`,
      });
    else if (chained !== ev.sha256) {
      findings.push({
        kind: 'integrity',
        message: `evidence ${ev.id} (${ev.title}) hash ${ev.sha256} differs from the chained ${chained}`,
      });
    }
  }
  findings.push({
    kind: 'trust',
    message: `unsigned ${EVIDENCE_PACK_FORMAT_V1} pack: its chain head travels in the same file, so anyone who held the file could have rewritten it; export a new (signed) pack`,
  });
  return packVerificationOf(chain, findings, '');
}
