import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AuditRow } from '../database/rows';
import { isUniqueViolation } from '../lib/errors';
import { GENESIS_HASH, chainHashOfStored } from '../database/auditChain';
import type { CheckpointArchive } from './checkpointArchive';
import {
  CHECKPOINT_FORMAT,
  CheckpointBody,
  CheckpointLeaf,
  FullCheckpoint,
  checkpointSigningInput,
  merkleRoot,
  sortLeaves,
} from './checkpoints';
import type { SigningKeys } from './signingKeys';
import {
  type TimestampAuthority,
  checkpointTimestampDigest,
} from './timestampAuthority';

/**
 * Signed checkpoints in the database (`hip_audit_checkpoints`, and the heads that changed at each
 * one in `hip_audit_checkpoint_heads`), plus the optional archive outside it. Append-only: no
 * code path updates a signed body or deletes a checkpoint.
 */

interface CheckpointRow {
  seq: number;
  at: string;
  reason: string;
  key_id: string;
  body: string;
  signature: string;
  archived_at: string | null;
  timestamp_token: string | null;
}

interface HeadRow {
  checkpoint_seq: number;
  entity_ref: string;
  seq: number;
  hash: string;
}

/** A chain whose head the signer would not sign: it does not extend what was signed before. */
export interface Refusal {
  integrationRef: string;
  reason: string;
}

const ROW_CHUNK = 300;

export class CheckpointStore {
  constructor(
    private readonly db: Knex,
    private readonly keys: SigningKeys,
    private readonly logger: Pick<LoggerService, 'info' | 'warn' | 'error'>,
    private readonly archive?: CheckpointArchive,
    private readonly tsa?: TimestampAuthority,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get archiveLocation() {
    return this.archive?.location;
  }

  private toSigned(row: CheckpointRow) {
    const body = JSON.parse(row.body) as CheckpointBody;
    return {
      body,
      signature: {
        keyId: body.keyId,
        algorithm: body.algorithm,
        value: row.signature,
      },
      bodyText: row.body,
    };
  }

  async latest() {
    const row = await this.db<CheckpointRow>('hip_audit_checkpoints')
      .orderBy('seq', 'desc')
      .first();
    return row ? this.toSigned(row) : undefined;
  }

  /** Newest first. */
  async list(opts: { limit: number; beforeSeq?: number }) {
    let q = this.db<CheckpointRow>('hip_audit_checkpoints')
      .orderBy('seq', 'desc')
      .limit(opts.limit);
    if (opts.beforeSeq) q = q.where('seq', '<', opts.beforeSeq);
    return (await q).map(r => ({
      ...this.toSigned(r),
      archivedAt: r.archived_at ?? undefined,
      timestamped: Boolean(r.timestamp_token),
    }));
  }

  async get(seq: number): Promise<FullCheckpoint | undefined> {
    const row = await this.db<CheckpointRow>('hip_audit_checkpoints')
      .where({ seq })
      .first();
    if (!row) return undefined;
    const { body, signature } = this.toSigned(row);
    return { body, signature, leaves: await this.leavesAt(seq) };
  }

  /**
   * The leaves of the last checkpoint this instance signed, so the next one (every export signs
   * one) need not rebuild them from the heads table. Verification always reads the table.
   */
  private signed?: { seq: number; signature: string; leaves: CheckpointLeaf[] };

  /** Every leaf in force at checkpoint `seq`: each chain's head as of its latest change up to then. */
  async leavesAt(seq: number): Promise<CheckpointLeaf[]> {
    const rows: HeadRow[] = await this.db('hip_audit_checkpoint_heads as h')
      .join(
        this.db('hip_audit_checkpoint_heads')
          .where('checkpoint_seq', '<=', seq)
          .groupBy('entity_ref')
          .select('entity_ref')
          .max({ m: 'checkpoint_seq' })
          .as('l'),
        function join() {
          this.on('h.entity_ref', '=', 'l.entity_ref').andOn(
            'h.checkpoint_seq',
            '=',
            'l.m',
          );
        },
      )
      .select('h.entity_ref', 'h.seq', 'h.hash', 'h.checkpoint_seq');
    return sortLeaves(
      rows.map(r => ({
        integrationRef: r.entity_ref,
        seq: Number(r.seq),
        hash: r.hash,
      })),
    );
  }

  /** Every head this chain had in a checkpoint, oldest first. */
  async historyOf(entityRef: string) {
    const rows: HeadRow[] = await this.db('hip_audit_checkpoint_heads')
      .where({ entity_ref: entityRef })
      .orderBy('checkpoint_seq', 'asc');
    return rows.map(r => ({
      checkpointSeq: Number(r.checkpoint_seq),
      seq: Number(r.seq),
      hash: r.hash,
    }));
  }

  /**
   * Signs a checkpoint of every chain head. A head is signed only if its chain extends the head
   * signed before (or, for a chain never signed, verifies from its first event): a chain
   * rewritten in the database keeps its last signed head and the refusal is logged. A
   * scheduled checkpoint with no head changed since the last one is skipped.
   */
  async create(reason: CheckpointBody['reason']): Promise<{
    checkpoint: FullCheckpoint;
    refused: Refusal[];
    created: boolean;
  }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryCreate(reason);
      } catch (e) {
        // Another instance signed the same sequence number first: start again from its checkpoint.
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
  }

  private async tryCreate(reason: CheckpointBody['reason']) {
    const previous = await this.latest();
    const mine =
      previous &&
      this.signed?.seq === previous.body.seq &&
      this.signed.signature === previous.signature.value;
    let previousLeaves: CheckpointLeaf[] = [];
    if (mine) previousLeaves = this.signed!.leaves;
    else if (previous) previousLeaves = await this.leavesAt(previous.body.seq);
    const signedBefore = new Map(
      previousLeaves.map(l => [l.integrationRef, l]),
    );
    const heads: Array<{
      entity_ref: string;
      audit_seq: number;
      audit_head: string;
    }> = await this.db('hip_integrations')
      .where('audit_seq', '>', 0)
      .select('entity_ref', 'audit_seq', 'audit_head');
    const refused: Refusal[] = [];
    const changed: CheckpointLeaf[] = [];
    const leaves = new Map(signedBefore);
    for (const head of heads) {
      const current = {
        integrationRef: head.entity_ref,
        seq: Number(head.audit_seq),
        hash: head.audit_head,
      };
      const before = signedBefore.get(current.integrationRef);
      if (before && before.seq === current.seq && before.hash === current.hash)
        continue;
      const problem = await this.extensionProblem(before, current);
      if (problem) {
        refused.push({
          integrationRef: current.integrationRef,
          reason: problem,
        });
        continue;
      }
      changed.push(current);
      leaves.set(current.integrationRef, current);
    }
    for (const r of refused) {
      this.logger.error(
        `Audit checkpoint: not signing the head of ${r.integrationRef}: ${r.reason}`,
      );
    }
    if (previous && !changed.length && reason === 'scheduled') {
      return {
        checkpoint: {
          body: previous.body,
          signature: previous.signature,
          leaves: previousLeaves,
        },
        refused,
        created: false,
      };
    }
    const sorted = sortLeaves([...leaves.values()]);
    const body: CheckpointBody = {
      format: CHECKPOINT_FORMAT,
      seq: (previous?.body.seq ?? 0) + 1,
      at: this.clock().toISOString(),
      reason,
      keyId: this.keys.keyId,
      algorithm: this.keys.algorithm,
      treeSize: sorted.length,
      merkleRoot: merkleRoot(sorted),
      previousSignature: previous?.signature.value ?? null,
    };
    const bodyText = checkpointSigningInput(body);
    const signature = this.keys.sign(bodyText);
    await this.db.transaction(async tx => {
      await tx('hip_audit_checkpoints').insert({
        seq: body.seq,
        at: body.at,
        reason,
        key_id: body.keyId,
        body: bodyText,
        signature: signature.value,
        archived_at: null,
        timestamp_token: null,
      } satisfies CheckpointRow);
      const rows = changed.map(l => ({
        checkpoint_seq: body.seq,
        entity_ref: l.integrationRef,
        seq: l.seq,
        hash: l.hash,
      }));
      for (let i = 0; i < rows.length; i += ROW_CHUNK) {
        await tx('hip_audit_checkpoint_heads').insert(
          rows.slice(i, i + ROW_CHUNK),
        );
      }
    });
    const checkpoint: FullCheckpoint = { body, signature, leaves: sorted };
    this.signed = { seq: body.seq, signature: signature.value, leaves: sorted };
    await this.externalise(checkpoint);
    return { checkpoint, refused, created: true };
  }

  /** Time-stamps and archives a checkpoint; failures are logged and retried by `archivePending`. */
  private async externalise(checkpoint: FullCheckpoint) {
    if (!this.archive && !this.tsa) return;
    try {
      let token: Buffer | undefined;
      const row = await this.db<CheckpointRow>('hip_audit_checkpoints')
        .where({ seq: checkpoint.body.seq })
        .first();
      if (this.tsa) {
        token = row?.timestamp_token
          ? Buffer.from(row.timestamp_token, 'base64')
          : await this.tsa.timestamp(
              checkpointTimestampDigest(checkpoint.signature.value),
            );
        if (!row?.timestamp_token) {
          await this.db('hip_audit_checkpoints')
            .where({ seq: checkpoint.body.seq })
            .whereNull('timestamp_token')
            .update({ timestamp_token: token.toString('base64') });
        }
      }
      if (this.archive) {
        await this.archive.write(checkpoint, token);
        await this.db('hip_audit_checkpoints')
          .where({ seq: checkpoint.body.seq })
          .whereNull('archived_at')
          .update({ archived_at: this.clock().toISOString() });
      }
    } catch (e) {
      this.logger.error(
        `Audit checkpoint ${
          checkpoint.body.seq
        } could not be archived or time-stamped: ${(e as Error).message}`,
      );
    }
  }

  /** Archives checkpoints an earlier attempt could not (the archive was unreachable). */
  async archivePending() {
    if (!this.archive) return 0;
    const pending = await this.db<CheckpointRow>('hip_audit_checkpoints')
      .whereNull('archived_at')
      .orderBy('seq')
      .limit(100);
    for (const row of pending) {
      const full = await this.get(Number(row.seq));
      if (full) await this.externalise(full);
    }
    return pending.length;
  }

  /** The archive's newest checkpoint, if an archive is configured and readable. */
  async archivedLatest(): Promise<FullCheckpoint | undefined> {
    if (!this.archive) return undefined;
    try {
      return await this.archive.latest();
    } catch (e) {
      this.logger.warn(
        `Audit checkpoint archive ${this.archive.location} could not be read: ${
          (e as Error).message
        }`,
      );
      return undefined;
    }
  }

  /** Why the stored chain does not extend `before` to `current`, or undefined when it does. */
  private async extensionProblem(
    before: CheckpointLeaf | undefined,
    current: CheckpointLeaf,
  ): Promise<string | undefined> {
    if (before && current.seq < before.seq) {
      return `its head (event ${current.seq}) is behind the head signed before (event ${before.seq})`;
    }
    const from = before?.seq ?? 1;
    const rows: AuditRow[] = await this.db<AuditRow>('hip_audit_events')
      .where({ entity_ref: current.integrationRef })
      .where('seq', '>=', from)
      .where('seq', '<=', current.seq)
      .orderBy('seq', 'asc');
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let start = 0;
    if (before) {
      const anchor = rows[0];
      if (!anchor || Number(anchor.seq) !== before.seq)
        return `event ${before.seq}, signed before, is missing`;
      if (anchor.hash !== before.hash)
        return `event ${before.seq} no longer has the hash signed before`;
      prevHash = anchor.hash;
      expected = before.seq + 1;
      start = 1;
    }
    for (let i = start; i < rows.length; i++) {
      const row = rows[i];
      if (Number(row.seq) !== expected) return `event ${expected} is missing`;
      if (row.prev_hash !== prevHash)
        return `event ${expected} does not link to event ${expected - 1}`;
      const hash = chainHashOfStored(prevHash, row);
      if (hash !== row.hash)
        return `event ${expected} no longer matches its hash`;
      prevHash = hash;
      expected++;
    }
    if (expected - 1 !== current.seq || prevHash !== current.hash) {
      return `the head column (event ${current.seq}) does not match the last stored event`;
    }
    return undefined;
  }
}
