import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import type {
  AuditEvent,
  ChainVerification,
  GovernanceStatus,
} from '@internal/plugin-healthcare-integration-common';
import { AuditLog } from '../database/AuditLog';
import {
  toAuditEvent,
  type AuditRow,
  type EvidenceRow,
} from '../database/rows';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import { renderAuditReport } from './auditReport';
import {
  compareWithChain,
  readRecordSections,
  type BindingResult,
  type RecordSections,
} from './binding';
import { sha256Hex, verifyStoredChain } from '../database/auditChain';
import {
  checkpointSigningInput,
  merkleRoot,
  packCheckpointOf,
  type FullCheckpoint,
  type PackCheckpoint,
} from './checkpoints';
import type { CheckpointStore, Refusal } from './checkpointStore';
import {
  EVIDENCE_PACK_FORMAT,
  EvidencePack,
  packSigningInput,
  type UnsignedEvidencePack,
} from './evidencePack';
import { checkSignature, type SigningKeys } from './signingKeys';

/** How the chain's head stands against the signed checkpoints. */
export interface CheckpointCheck {
  ok: boolean;
  /**
   * covered: the latest checkpoint signs an event of this chain, and the stored chain still has it;
   * not-yet-covered: the chain is younger than the checkpoint interval; mismatch / uncovered /
   * invalid: see message.
   */
  status: 'covered' | 'not-yet-covered' | 'mismatch' | 'uncovered' | 'invalid';
  message: string;
  checkpoint?: { seq: number; at: string; keyId: string; reason: string };
  signedHead?: { seq: number; hash: string };
  /** Events after the signed head: not yet under a signature (at most one checkpoint interval's worth). */
  unsignedEvents?: number;
  firstBrokenSeq?: number;
  archive?: { location: string; latestSeq?: number };
}

/** `GET …/audit/verify`: the chain (as before), plus checkpoint and binding. `ok` is all three. */
export interface DatabaseVerification extends ChainVerification {
  chain: ChainVerification;
  checkpoint: CheckpointCheck;
  binding: BindingResult;
  problems: string[];
}

interface Snapshot {
  status: GovernanceStatus;
  sections: RecordSections;
  rows: AuditRow[];
  events: AuditEvent[];
  head: { seq: number; hash: string };
}

export interface AuditServiceOptions {
  engine: GovernanceEngine;
  db: Knex;
  keys: SigningKeys;
  checkpoints: CheckpointStore;
  /** The checkpoint interval: a chain older than twice this with no checkpoint is reported. */
  checkpointMinutes: number;
  clock?: () => Date;
}

const h12 = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Audit proof: verification against the signed checkpoints and the chain's replay, evidence
 * packs, the audit report, checkpoints and public keys.
 */
export class AuditService {
  private readonly auditLog: AuditLog;
  private readonly clock: () => Date;

  constructor(private readonly options: AuditServiceOptions) {
    this.auditLog = new AuditLog(options.db);
    this.clock = options.clock ?? (() => new Date());
  }

  keysDocument() {
    return this.options.keys.document();
  }

  listCheckpoints(limit: number, beforeSeq?: number) {
    return this.options.checkpoints.list({ limit, beforeSeq });
  }

  /** The latest checkpoint with this chain's leaf and its inclusion proof (for `--latest-checkpoint`). */
  async checkpointFor(
    entityRef: string,
  ): Promise<PackCheckpoint | { checkpoint: null; reason: string }> {
    if (!(await this.options.engine.getRecordRow(entityRef)))
      throw new NotFoundError(`No governance record for ${entityRef}`);
    const latest = await this.options.checkpoints.latest();
    if (!latest)
      return { checkpoint: null, reason: 'no checkpoint has been signed yet' };
    const full: FullCheckpoint = {
      body: latest.body,
      signature: latest.signature,
      leaves: await this.options.checkpoints.leavesAt(latest.body.seq),
    };
    return (
      packCheckpointOf(full, entityRef) ?? {
        checkpoint: null,
        reason: `checkpoint #${latest.body.seq} does not cover ${entityRef} yet`,
      }
    );
  }

  /** The scheduled task: sign a checkpoint if any head moved, and archive what is pending. */
  async scheduledCheckpoint() {
    const result = await this.options.checkpoints.create('scheduled');
    await this.options.checkpoints.archivePending();
    return result;
  }

  /**
   * Record sections, stored rows and head read so that they belong together: the head is read
   * before and after, and the read repeats if a mutation landed in between.
   */
  private async snapshot(entityRef: string): Promise<Snapshot> {
    const headOf = async () => {
      const row = await this.options.engine.getRecordRow(entityRef);
      if (!row)
        throw new NotFoundError(`No governance record for ${entityRef}`);
      return { seq: Number(row.audit_seq), hash: row.audit_head };
    };
    for (let attempt = 1; ; attempt++) {
      const before = await headOf();
      const status = await this.options.engine.getStatus(entityRef);
      const sections = await readRecordSections(this.options.db, status);
      const rows = await this.auditLog.readRows(entityRef);
      const after = await headOf();
      const settled =
        before.seq === after.seq &&
        before.hash === after.hash &&
        status.auditHead.seq === after.seq;
      if (settled || attempt >= 5) {
        const upTo = rows.filter(r => Number(r.seq) <= after.seq);
        return {
          status,
          sections,
          rows: upTo,
          events: upTo.map(toAuditEvent),
          head: after,
        };
      }
    }
  }

  async verify(entityRef: string): Promise<DatabaseVerification> {
    return this.verifySnapshot(await this.snapshot(entityRef));
  }

  private async verifySnapshot(
    s: Snapshot,
    latest?: FullCheckpoint,
  ): Promise<DatabaseVerification> {
    const ref = s.status.record.entityRef;
    const chain = verifyStoredChain(ref, s.rows, s.head);
    const binding = compareWithChain(s.events, s.sections, 'the database');
    const checkpoint = await this.checkCheckpoint(ref, s, latest);
    const problems = [
      ...(chain.ok
        ? []
        : [
            `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
          ]),
      ...(checkpoint.ok ? [] : [`checkpoint: ${checkpoint.message}`]),
      ...binding.differences.map(d => `binding: ${d.message}`),
    ];
    const ok = chain.ok && checkpoint.ok && binding.ok;
    let first: { firstBrokenSeq?: number; reason?: string } = {};
    if (!chain.ok)
      first = { firstBrokenSeq: chain.firstBrokenSeq, reason: chain.reason };
    else if (!checkpoint.ok)
      first = {
        firstBrokenSeq: checkpoint.firstBrokenSeq,
        reason: checkpoint.message,
      };
    else if (!binding.ok) {
      first = {
        firstBrokenSeq: binding.differences.find(d => d.seq)?.seq,
        reason: binding.differences[0].message,
      };
    }
    return {
      integrationRef: ref,
      ok,
      events: chain.events,
      head: chain.head,
      ...first,
      chain,
      checkpoint,
      binding,
      problems,
    };
  }

  /** The chain against the latest signed checkpoint (the database's, or the archive's if newer). */
  private async checkCheckpoint(
    ref: string,
    s: Snapshot,
    given?: FullCheckpoint,
  ): Promise<CheckpointCheck> {
    const store = this.options.checkpoints;
    const keys = this.options.keys.document();
    const stored = await store.latest();
    const archived = await store.archivedLatest();
    const archive = store.archiveLocation
      ? { location: store.archiveLocation, latestSeq: archived?.body.seq }
      : undefined;
    const problems: string[] = [];
    let latest: FullCheckpoint | undefined = given;
    if (!latest && stored) {
      latest = {
        body: stored.body,
        signature: stored.signature,
        leaves: await store.leavesAt(stored.body.seq),
      };
    }
    if (archived && (!latest || archived.body.seq > latest.body.seq)) {
      problems.push(
        `checkpoint #${archived.body.seq} is in the archive (${
          archive!.location
        }) but the database's newest is ${
          latest ? `#${latest.body.seq}` : 'none'
        }: checkpoints were removed from the database`,
      );
      latest = archived;
    } else if (
      archived &&
      latest &&
      archived.body.seq === latest.body.seq &&
      archived.signature.value !== latest.signature.value
    ) {
      problems.push(
        `checkpoint #${
          latest.body.seq
        } in the database is not the one in the archive (${archive!.location})`,
      );
    }
    if (!latest) {
      return this.uncovered(s, undefined, archive, problems);
    }
    const info = {
      seq: latest.body.seq,
      at: latest.body.at,
      keyId: latest.body.keyId,
      reason: latest.body.reason,
    };
    const what = `checkpoint #${latest.body.seq}`;
    const signed = checkSignature(
      keys,
      latest.signature,
      checkpointSigningInput(latest.body),
      latest.body.at,
      what,
    );
    if (!signed.ok) problems.push(signed.message);
    if (
      merkleRoot(latest.leaves) !== latest.body.merkleRoot ||
      latest.leaves.length !== latest.body.treeSize
    ) {
      problems.push(
        `the stored heads of ${what} no longer produce its signed Merkle root: they were changed`,
      );
    }
    if (latest.body.seq > 1 && stored && latest.body.seq === stored.body.seq) {
      const [previous] = await store.list({
        limit: 1,
        beforeSeq: latest.body.seq,
      });
      if (!previous || previous.body.seq !== latest.body.seq - 1) {
        problems.push(
          `checkpoint #${latest.body.seq - 1} is missing from the database`,
        );
      } else if (latest.body.previousSignature !== previous.signature.value) {
        problems.push(
          `${what} does not name the signature of checkpoint #${previous.body.seq}: the checkpoint chain was altered`,
        );
      }
    }
    if (problems.length) {
      return {
        ok: false,
        status: 'invalid',
        message: problems.join('; '),
        checkpoint: info,
        archive,
      };
    }
    const leaf = latest.leaves.find(l => l.integrationRef === ref);
    if (!leaf) return this.uncovered(s, info, archive, []);
    const signedHead = { seq: leaf.seq, hash: leaf.hash };
    const row = s.rows.find(r => Number(r.seq) === leaf.seq);
    if (!row) {
      return {
        ok: false,
        status: 'mismatch',
        message: `event ${leaf.seq}, signed in ${what} (${latest.body.at}) as the head of this chain, is missing: the chain was cut back to event ${s.head.seq}`,
        firstBrokenSeq: Math.min(leaf.seq, s.head.seq + 1),
        checkpoint: info,
        signedHead,
        archive,
      };
    }
    if (row.hash !== leaf.hash) {
      // Find how far the chain still agrees with what was signed.
      const history = await store.historyOf(ref);
      const bySeq = new Map(s.rows.map(r => [Number(r.seq), r.hash]));
      const agreeing = history.filter(hd => bySeq.get(hd.seq) === hd.hash);
      const lastGood = agreeing.reduce((m, hd) => (hd.seq > m.seq ? hd : m), {
        seq: 0,
        checkpointSeq: 0,
        hash: '',
      });
      const firstBad = history
        .filter(hd => hd.seq > lastGood.seq)
        .sort((a, b) => a.seq - b.seq)[0] ?? {
        ...leaf,
        checkpointSeq: latest.body.seq,
      };
      return {
        ok: false,
        status: 'mismatch',
        message: `the chain was rewritten: event ${firstBad.seq} has hash ${h12(
          bySeq.get(firstBad.seq) ?? '',
        )} but checkpoint #${firstBad.checkpointSeq} signed ${h12(
          firstBad.hash,
        )}; ${
          lastGood.seq
            ? `events up to ${lastGood.seq} still match checkpoint #${
                lastGood.checkpointSeq
              }, so the change is in events ${lastGood.seq + 1}–${firstBad.seq}`
            : `no signed head of this chain still matches, so the change is in events 1–${firstBad.seq}`
        }`,
        firstBrokenSeq: lastGood.seq + 1,
        checkpoint: info,
        signedHead,
        archive,
      };
    }
    return {
      ok: true,
      status: 'covered',
      message: `${what} (${latest.body.at}, key ${
        latest.body.keyId
      }) signs event ${leaf.seq}; ${
        s.head.seq - leaf.seq
      } later event(s) await the next checkpoint`,
      checkpoint: info,
      signedHead,
      unsignedEvents: s.head.seq - leaf.seq,
      archive,
    };
  }

  private uncovered(
    s: Snapshot,
    info: CheckpointCheck['checkpoint'],
    archive: CheckpointCheck['archive'],
    problems: string[],
  ): CheckpointCheck {
    if (problems.length)
      return {
        ok: false,
        status: 'invalid',
        message: problems.join('; '),
        checkpoint: info,
        archive,
      };
    const first = s.rows[0];
    const graceMs = 2 * this.options.checkpointMinutes * 60_000 + 5 * 60_000;
    const old =
      first && this.clock().getTime() - Date.parse(first.at) > graceMs;
    if (old) {
      return {
        ok: false,
        status: 'uncovered',
        message: `no signed checkpoint covers this chain, although its first event (${first.at}) is older than two checkpoint intervals: checkpoints were removed, or the checkpoint task is not running`,
        firstBrokenSeq: 1,
        checkpoint: info,
        archive,
        unsignedEvents: s.head.seq,
      };
    }
    return {
      ok: true,
      status: 'not-yet-covered',
      message: `no checkpoint covers this chain yet; its ${s.head.seq} event(s) will be signed by the next checkpoint (at most ${this.options.checkpointMinutes} minutes)`,
      checkpoint: info,
      archive,
      unsignedEvents: s.head.seq,
    };
  }

  /**
   * Builds and signs an evidence pack: a checkpoint is signed for it, so its head is covered; the
   * files are included when the exporter may read evidence (`includeFiles`).
   */
  async exportPack(
    entityRef: string,
    generatedBy: string,
    includeFiles: boolean,
  ): Promise<EvidencePack> {
    let snapshot: Snapshot;
    let checkpoint: FullCheckpoint;
    let refused: Refusal[] = [];
    for (let attempt = 1; ; attempt++) {
      snapshot = await this.snapshot(entityRef);
      const created = await this.options.checkpoints.create('export');
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
    const verification = await this.verifySnapshot(snapshot, checkpoint);
    const packCheckpoint = packCheckpointOf(checkpoint, entityRef) ?? null;
    const { files, filesOmitted } = await this.files(
      entityRef,
      snapshot.sections,
      includeFiles,
    );
    // Never before what it covers, even if another instance's clock ran ahead.
    const lastAt = snapshot.events[snapshot.events.length - 1]?.at;
    const generatedAt = [
      this.clock().toISOString(),
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
      signingKeyId: this.options.keys.keyId,
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
      signature: this.options.keys.sign(packSigningInput(withReport)),
    };
  }

  private async files(
    entityRef: string,
    sections: RecordSections,
    includeFiles: boolean,
  ) {
    const withContent = sections.evidence.filter(ev => !ev.url);
    if (!includeFiles) {
      return {
        files: [],
        filesOmitted: [
          ...withContent.map(ev => ({
            evidenceId: ev.id,
            reason: 'the exporter may not read evidence files',
          })),
          ...sections.evidence
            .filter(ev => ev.url)
            .map(ev => ({
              evidenceId: ev.id,
              reason: 'a link: its hash covers the URL',
            })),
        ],
      };
    }
    const rows: Array<
      Pick<
        EvidenceRow,
        'id' | 'sha256' | 'size_bytes' | 'media_type' | 'content'
      >
    > = await this.options
      .db<EvidenceRow>('hip_evidence')
      .where({ entity_ref: entityRef })
      .whereIn(
        'id',
        withContent.map(ev => ev.id),
      )
      .select('id', 'sha256', 'size_bytes', 'media_type', 'content');
    const byId = new Map(rows.map(r => [r.id, r]));
    const files = [];
    const filesOmitted = sections.evidence
      .filter(ev => ev.url)
      .map(ev => ({
        evidenceId: ev.id,
        reason: 'a link: its hash covers the URL',
      }));
    for (const ev of withContent) {
      const row = byId.get(ev.id);
      if (!row?.content) {
        filesOmitted.push({
          evidenceId: ev.id,
          reason: 'no file is stored for it',
        });
        continue;
      }
      const content = Buffer.isBuffer(row.content)
        ? row.content
        : Buffer.from(row.content as any);
      files.push({
        evidenceId: ev.id,
        sha256: row.sha256,
        sizeBytes: Number(row.size_bytes),
        mediaType: row.media_type,
        contentBase64: content.toString('base64'),
      });
    }
    return { files, filesOmitted };
  }
}
