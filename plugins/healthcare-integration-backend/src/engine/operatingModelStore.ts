import type { Knex } from 'knex';
import {
  canonicalJson,
  isGateClosed,
  operatingModel,
  operatingModelMarkdown,
  type MappingSpec,
  type OperatingModelDocument,
  type OperatingModelVersion,
  type OperatingModelVersionSummary,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditEntry } from '../database/AuditLog';
import { toDecision, toRecord } from '../database/rows';
import { currentMapping } from '../database/mappingStore';
import { sha256Hex } from '../lib/sha256';
import type { EngineDeps, Loaded } from './types';
import type { MutationContext } from './MutationContext';
import { loadRecord } from './MutationContext';

/**
 * Stored versions of the operating model (migrations/20261203100000_operating_model_versions.js).
 * A version is recorded inside the mutation that makes it (intake, an implemented change), under
 * the record's row lock, and its hash goes into the same audit append.
 */

export const OPERATING_MODEL_ACTION = 'operatingModel.versioned';

export interface OperatingModelVersionRow {
  entity_ref: string;
  version: number;
  content: string;
  content_hash: string;
  reason: string;
  created_at: string;
}

const TABLE = 'hip_operating_model_versions';

/** The document the record implies now: its gates, and the mapping once its review is closed. */
export async function currentOperatingModel(
  deps: EngineDeps,
  db: Knex | Knex.Transaction,
  loaded: Loaded,
): Promise<OperatingModelDocument> {
  const policy = deps.policy.policy;
  const ref = loaded.record.entity_ref;
  const review = loaded.gates.find(
    g => g.gate_id === policy.specialGates.mappingReview,
  );
  const mappingRow =
    review && isGateClosed(review.status)
      ? await currentMapping(db, ref)
      : undefined;
  const spec = mappingRow
    ? (JSON.parse(mappingRow.spec) as MappingSpec)
    : undefined;
  return operatingModel({
    record: toRecord(loaded.record),
    gates: loaded.gates.map(g => ({
      id: g.gate_id,
      title: g.title,
      status: g.status,
      approverRoles: JSON.parse(g.approver_roles),
      decisions: loaded.decisions
        .filter(d => d.gate_id === g.gate_id)
        .sort((a, b) => a.decided_at.localeCompare(b.decided_at))
        .map(toDecision),
      waiver: g.waiver ? JSON.parse(g.waiver) : undefined,
    })),
    mapping:
      mappingRow && spec
        ? {
            version: Number(mappingRow.version),
            specHash: mappingRow.spec_hash,
            rows: spec.rows,
          }
        : undefined,
    policy,
  });
}

/**
 * Records a new version when the document differs from the latest one, and returns the audit
 * entry to append with the mutation (undefined when nothing changed). The caller holds the
 * record's row lock; the primary key refuses a second writer that got past it anyway.
 */
export async function recordOperatingModelVersion(
  deps: EngineDeps,
  tx: Knex.Transaction,
  loaded: Loaded,
  reason: string,
  actor: string,
  now: string,
): Promise<AuditEntry | undefined> {
  const ref = loaded.record.entity_ref;
  const doc = await currentOperatingModel(deps, tx, loaded);
  const content = canonicalJson(doc);
  const hash = sha256Hex(content);
  const last = await tx<OperatingModelVersionRow>(TABLE)
    .where({ entity_ref: ref })
    .orderBy('version', 'desc')
    .first('version', 'content_hash');
  if (last?.content_hash === hash) return undefined;
  const version = Number(last?.version ?? 0) + 1;
  await tx<OperatingModelVersionRow>(TABLE).insert({
    entity_ref: ref,
    version,
    content,
    content_hash: hash,
    reason,
    created_at: now,
  });
  return {
    actor,
    action: OPERATING_MODEL_ACTION,
    subject: `operating-model:v${version}`,
    payload: { version, contentHash: hash, reason },
  };
}

export const toVersionSummary = (
  r: Pick<
    OperatingModelVersionRow,
    'version' | 'content_hash' | 'reason' | 'created_at'
  >,
): OperatingModelVersionSummary => ({
  version: Number(r.version),
  contentHash: r.content_hash,
  reason: r.reason,
  createdAt: r.created_at,
});

export function toVersion(r: OperatingModelVersionRow): OperatingModelVersion {
  const document = JSON.parse(r.content) as OperatingModelDocument;
  return {
    ...toVersionSummary(r),
    document,
    markdown: operatingModelMarkdown(document),
  };
}

export async function listOperatingModelVersions(
  db: Knex,
  entityRef: string,
): Promise<OperatingModelVersionSummary[]> {
  const rows = await db<OperatingModelVersionRow>(TABLE)
    .where({ entity_ref: entityRef })
    .orderBy('version')
    .select('version', 'content_hash', 'reason', 'created_at');
  return rows.map(toVersionSummary);
}

/** Every version with its content, oldest first (the evidence pack carries them all). */
export async function readOperatingModelVersions(
  db: Knex,
  entityRef: string,
): Promise<OperatingModelVersionRow[]> {
  return db<OperatingModelVersionRow>(TABLE)
    .where({ entity_ref: entityRef })
    .orderBy('version');
}

export async function readOperatingModelVersion(
  db: Knex,
  entityRef: string,
  version: number,
): Promise<OperatingModelVersionRow | undefined> {
  return db<OperatingModelVersionRow>(TABLE)
    .where({ entity_ref: entityRef, version })
    .first();
}

/** A change was authorised and implemented: a new version if the record now reads differently. */
export async function versionOnImplement(
  ctx: MutationContext,
  changeId: string,
) {
  // Reloaded: the mutation may have changed gates since the record was locked.
  const loaded = await loadRecord(ctx.deps, ctx.tx, ctx.entityRef);
  const entry = await recordOperatingModelVersion(
    ctx.deps,
    ctx.tx,
    loaded,
    `change:${changeId}`,
    ctx.actor.ref,
    ctx.now,
  );
  if (entry) ctx.entries.push(entry);
}
