import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../database/auditChain';
import { renderAuditReport } from './auditReport';
import type { AuditServiceDeps } from './auditDeps';
import type { Refusal } from './checkpointStore';
import { packCheckpointOf, type FullCheckpoint } from './checkpoints';
import { verifySnapshot } from './databaseVerification';
import {
  EVIDENCE_PACK_FORMAT,
  EvidencePack,
  packSigningInput,
  type UnsignedEvidencePack,
} from './evidencePack';
import { packFiles } from './packFiles';
import { readSnapshot, type Snapshot } from './snapshot';

/**
 * Builds and signs an evidence pack: a checkpoint is signed for it, so its head is covered; the
 * files are included when the exporter may read evidence (`includeFiles`).
 */
export async function buildEvidencePack(
  deps: AuditServiceDeps,
  entityRef: string,
  generatedBy: string,
  includeFiles: boolean,
): Promise<EvidencePack> {
  let snapshot: Snapshot;
  let checkpoint: FullCheckpoint;
  let refused: Refusal[] = [];
  for (let attempt = 1; ; attempt++) {
    snapshot = await readSnapshot(deps, entityRef);
    const created = await deps.checkpoints.create('export');
    checkpoint = created.checkpoint;
    refused = created.refused;
    const leaf = checkpoint.leaves.find(l => l.integrationRef === entityRef);
    const matches =
      leaf &&
      leaf.seq === snapshot.head.seq &&
      leaf.hash === snapshot.head.hash;
    // A chain the signer refused stays as it is: the pack shows it.
    if (
      matches ||
      refused.some(r => r.integrationRef === entityRef) ||
      attempt >= 5
    )
      break;
  }
  const verification = await verifySnapshot(deps, snapshot, checkpoint);
  const packCheckpoint = packCheckpointOf(checkpoint, entityRef) ?? null;
  const { files, filesOmitted } = await packFiles(
    deps.db,
    entityRef,
    snapshot.sections,
    includeFiles,
  );
  // Never before what it covers, even if another instance's clock ran ahead.
  const lastAt = snapshot.events[snapshot.events.length - 1]?.at;
  const generatedAt = [
    deps.clock().toISOString(),
    checkpoint.body.at,
    ...(lastAt ? [lastAt] : []),
  ].reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const unsigned: UnsignedEvidencePack = {
    format: EVIDENCE_PACK_FORMAT,
    packId: randomUUID(),
    generatedAt,
    generatedBy,
    ...snapshot.sections,
    files,
    filesOmitted,
    audit: { head: snapshot.head, events: snapshot.events },
    checkpoint: packCheckpoint,
    verification: {
      chain: {
        ok: verification.chain.ok,
        events: verification.chain.events,
        reason: verification.chain.reason,
        firstBrokenSeq: verification.chain.firstBrokenSeq,
      },
      checkpoint: {
        ok: verification.checkpoint.ok && !!packCheckpoint,
        status: verification.checkpoint.status,
        message: [
          verification.checkpoint.message,
          ...refused
            .filter(r => r.integrationRef === entityRef)
            .map(r => `the signer refused this chain's head: ${r.reason}`),
        ].join('; '),
      },
      binding: {
        ok: verification.binding.ok,
        differences: verification.binding.differences.map(d => d.message),
      },
    },
  };
  const html = renderAuditReport(unsigned, {
    signingKeyId: deps.keys.keyId,
  });
  const withReport = {
    ...unsigned,
    report: {
      mediaType: 'text/html' as const,
      sha256: sha256Hex(html),
      html,
    },
  };
  return {
    ...withReport,
    signature: deps.keys.sign(packSigningInput(withReport)),
  };
}
