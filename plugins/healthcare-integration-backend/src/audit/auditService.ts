import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import { AuditLog } from '../database/AuditLog';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { AuditServiceDeps } from './auditDeps';
import type { CheckpointStore } from './checkpointStore';
import {
  packCheckpointOf,
  type FullCheckpoint,
  type PackCheckpoint,
} from './checkpoints';
import {
  verifySnapshot,
  type DatabaseVerification,
} from './databaseVerification';
import type { EvidencePack } from './evidencePack';
import { buildEvidencePack } from './exportPack';
import type { SigningKeys } from './signingKeys';
import { readSnapshot } from './snapshot';

export type { CheckpointCheck } from './checkpointCheck';
export type { DatabaseVerification } from './databaseVerification';

export interface AuditServiceOptions {
  engine: GovernanceEngine;
  db: Knex;
  keys: SigningKeys;
  checkpoints: CheckpointStore;
  /** The checkpoint interval: a chain older than twice this with no checkpoint is reported. */
  checkpointMinutes: number;
  clock?: () => Date;
}

/**
 * Audit proof: verification against the signed checkpoints and the chain's replay, evidence
 * packs, the audit report, checkpoints and public keys. One entry point over the parts in this
 * folder: the snapshot read, the checkpoint check, the database verification, the export.
 */
export class AuditService {
  private readonly deps: AuditServiceDeps;

  constructor(private readonly options: AuditServiceOptions) {
    this.deps = {
      engine: options.engine,
      db: options.db,
      auditLog: new AuditLog(options.db),
      keys: options.keys,
      checkpoints: options.checkpoints,
      checkpointMinutes: options.checkpointMinutes,
      clock: options.clock ?? (() => new Date()),
    };
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

  async verify(entityRef: string): Promise<DatabaseVerification> {
    return verifySnapshot(this.deps, await readSnapshot(this.deps, entityRef));
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
    return buildEvidencePack(this.deps, entityRef, generatedBy, includeFiles);
  }
}
