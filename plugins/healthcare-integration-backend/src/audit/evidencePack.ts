import {
  canonicalJson,
  type AuditEvent,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RecordSections } from './binding';
import type { PackCheckpoint } from './checkpoints';
import type { Signature } from './signingKeys';

export const EVIDENCE_PACK_FORMAT = 'healthcare-integration-evidence-pack/v2';
/** Unsigned packs exported before signed checkpoints; the verifier says what they cannot prove. */
export const EVIDENCE_PACK_FORMAT_V1 =
  'healthcare-integration-evidence-pack/v1';

/** An evidence file the exporter was allowed to read, carried in the pack. */
export interface EvidenceFile {
  evidenceId: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  contentBase64: string;
}

/** What the backend found when it built the pack (the offline verifier checks for itself). */
export interface ExportVerification {
  chain: {
    ok: boolean;
    events: number;
    reason?: string;
    firstBrokenSeq?: number;
  };
  checkpoint: { ok: boolean; status: string; message: string };
  binding: { ok: boolean; differences: string[] };
}

/**
 * What an auditor takes away, in one signed JSON file: the record sections, evidence metadata
 * and the files the exporter may read, the audit chain, the signed checkpoint that covers the
 * chain's head (with its Merkle inclusion proof), the HTML audit report, and a signature over
 * all of it. `hip-verify-evidence-pack` checks it offline with a pinned public key.
 */
export interface EvidencePack extends RecordSections {
  format: typeof EVIDENCE_PACK_FORMAT;
  packId: string;
  generatedAt: string;
  generatedBy: string;
  files: EvidenceFile[];
  /** Evidence whose file is not in the pack, and why (a link has no file). */
  filesOmitted: Array<{ evidenceId: string; reason: string }>;
  audit: { head: { seq: number; hash: string }; events: AuditEvent[] };
  /** The checkpoint signed for this export; null only when the chain could not be signed. */
  checkpoint: PackCheckpoint | null;
  verification: ExportVerification;
  report: { mediaType: 'text/html'; sha256: string; html: string };
  signature: Signature;
}

export type UnsignedEvidencePack = Omit<EvidencePack, 'signature' | 'report'>;

/** The bytes the pack signature covers: the canonical JSON of everything but the signature. */
export function packSigningInput(
  pack: Omit<EvidencePack, 'signature'> & { signature?: unknown },
): string {
  const { signature: _ignored, ...rest } = pack;
  return canonicalJson(rest);
}
