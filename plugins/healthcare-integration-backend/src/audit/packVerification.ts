import { compareWithChain } from './binding';
import { verifyChain } from '../database/auditChain';
import type { FullCheckpoint, PackCheckpoint } from './checkpoints';
import {
  EVIDENCE_PACK_FORMAT,
  EVIDENCE_PACK_FORMAT_V1,
  EvidencePack,
  packSigningInput,
} from './evidencePack';
import { checkCurrent } from './packCurrency';
import {
  h12,
  packVerificationOf,
  type Finding,
  type PackVerification,
} from './packFindings';
import { checkSignature, type KeysDocument } from './signingKeys';
import {
  checkChainAgainstCheckpoint,
  checkPackCheckpoint,
} from './verifyPackCheckpoint';
import { checkPackContents } from './verifyPackContents';
import { checkGeneratedAt } from './verifyPackDates';
import { verifyV1 } from './verifyPackV1';

/**
 * Offline verification of an evidence pack, with nothing but the pack and a pinned public key:
 * the pack signature, the checkpoint signature and its Merkle proof, the chain from its first
 * event to the head the checkpoint signed, the record sections against the chain's replay,
 * every file against its hash, the report against its hash, and (given a later checkpoint)
 * whether the pack is still current. Each step lives in the `verifyPack*.ts` / `pack*.ts` file
 * of its concern; this one runs them in order, most fundamental first.
 */

export interface VerifyOptions {
  /** Pinned public keys. Without them nothing can be trusted (exit 3). */
  keys?: KeysDocument;
  /** A later checkpoint (archived, or `GET …/audit/checkpoint`), to tell whether the pack is current. */
  latestCheckpoint?: PackCheckpoint | FullCheckpoint;
  /** The pack may be at most this old. */
  maxAgeDays?: number;
  now?: Date;
}

export function verifyEvidencePack(
  pack: EvidencePack,
  options: VerifyOptions = {},
): PackVerification {
  const findings: Finding[] = [];
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const now = options.now ?? new Date();
  const format = (pack as { format?: unknown })?.format;
  const ref = pack?.integration?.entityRef;
  const events = Array.isArray(pack?.audit?.events) ? pack.audit.events : [];

  if (format === EVIDENCE_PACK_FORMAT_V1) return verifyV1(pack);
  if (format !== EVIDENCE_PACK_FORMAT) {
    integrity(
      `unknown format ${String(format)}; expected ${EVIDENCE_PACK_FORMAT}`,
    );
  }

  // 1. The pack as a whole.
  const packSignature = checkSignature(
    options.keys,
    pack.signature,
    packSigningInput(pack),
    pack.generatedAt,
    'the pack',
  );
  if (!packSignature.ok)
    findings.push({
      kind: packSignature.kind === 'trust' ? 'trust' : 'integrity',
      message: packSignature.message,
    });

  // 2. The checkpoint: signed outside the data's holders' reach, and covering this chain.
  const cp = pack.checkpoint;
  checkPackCheckpoint(pack, options.keys, findings);

  // 3. The chain, up to the head the checkpoint signed.
  const chain = verifyChain(ref, events, pack.audit?.head);
  if (!chain.ok)
    integrity(
      `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
    );
  checkChainAgainstCheckpoint(pack, events, findings);

  // 4. When it was made.
  checkGeneratedAt(
    pack,
    events,
    { now, maxAgeDays: options.maxAgeDays },
    findings,
  );

  // 5. The records are what the chain says.
  const binding = compareWithChain(events, pack, 'the pack');
  for (const d of binding.differences) integrity(`binding: ${d.message}`);

  // 6. Every file and link against its hash; every file accounted for. 7. The report.
  checkPackContents(pack, findings);

  // 8. Still current?
  if (options.latestCheckpoint && cp)
    checkCurrent(pack, cp, options.latestCheckpoint, options.keys, findings);

  const files = (pack.files ?? []).length;
  const links = (pack.evidence ?? []).filter(ev => ev.url).length;
  const summary = cp
    ? `${events.length} audit events, head ${h12(
        pack.audit?.head?.hash,
      )}; checkpoint #${cp.body.seq} (${cp.body.at}) and pack signed by key ${
        pack.signature?.keyId
      }; records bound to the chain (${
        binding.events
      } events replayed); ${files} evidence file(s) and ${links} link(s) match their hashes`
    : '';
  return packVerificationOf(chain, findings, summary, binding);
}
