import type { Knex } from 'knex';
import type {
  MappingReview,
  MappingRowConfirmation,
  MappingRowReview,
  MappingSpec,
  MappingValidationResult,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/** The gate the mapping review drives (DEFAULT_POLICY). */
/** The shipped name of the mapping-review gate; the engine uses the policy's specialGates.mappingReview. */
export const MAPPING_GATE_ID = 'mapping-review';

/** Rows of the mapping-review tables (migrations/20261125100000_mapping.js) and how they read. */

export interface VersionRow {
  id: string;
  entity_ref: string;
  version: number;
  spec: string;
  spec_hash: string;
  row_hashes: string;
  validation: string;
  evidence_id: string | null;
  comment: string | null;
  created_by: string;
  created_at: string;
}

export interface ConfirmationRow {
  id?: number;
  entity_ref: string;
  row_id: string;
  row_hash: string;
  version: number;
  status: 'confirmed' | 'disputed';
  role: string;
  decided_by: string;
  decided_at: string;
  comment: string | null;
  stale: boolean | number;
}

export async function currentMapping(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<VersionRow | undefined> {
  return db<VersionRow>('hip_mapping_versions')
    .where({ entity_ref: entityRef })
    .orderBy('version', 'desc')
    .first();
}

export async function mappingReview(
  db: Knex | Knex.Transaction,
  v: VersionRow,
): Promise<MappingReview> {
  const confirmations = await db<ConfirmationRow>('hip_mapping_confirmations')
    .where({ entity_ref: v.entity_ref })
    .orderBy('id', 'asc');
  return reviewOf(v, confirmations);
}

/** The review of version `v` from the record's confirmations (oldest first). */
function reviewOf(v: VersionRow, all: ConfirmationRow[]): MappingReview {
  const spec = JSON.parse(v.spec) as MappingSpec;
  const hashes = JSON.parse(v.row_hashes) as Record<string, string>;
  const validation = JSON.parse(v.validation) as MappingValidationResult;
  const rows: MappingRowReview[] = spec.rows.map(r => {
    const mine = all
      .filter(c => c.row_id === r.id)
      .map(c => toConfirmation(c, hashes[r.id]));
    const inForce = [...mine].reverse().find(c => !c.stale);
    return {
      id: r.id,
      rowHash: hashes[r.id],
      status: inForce?.status ?? 'unconfirmed',
      confirmation: inForce,
      history: mine,
    };
  });
  return {
    entityRef: v.entity_ref,
    version: Number(v.version),
    specHash: v.spec_hash,
    spec,
    createdBy: v.created_by,
    createdAt: v.created_at,
    comment: v.comment ?? undefined,
    evidenceId: v.evidence_id ?? undefined,
    validation,
    rows,
    readyForApproval:
      !validation.errors.length && rows.every(r => r.status === 'confirmed'),
  };
}

/**
 * Why the mapping-review gate cannot be approved: no structured mapping stored, validation
 * errors, or rows not confirmed by the role they name. An uploaded document alone (a vendor's
 * spreadsheet) is not enough: the review is row by row.
 */
export async function mappingApprovalBlockers(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<string[]> {
  const current = await currentMapping(db, entityRef);
  return blockersOf(current && (await mappingReview(db, current)));
}

/**
 * mappingApprovalBlockers for many records in two queries (the lists read them all at once);
 * every ref in `entityRefs` gets an answer.
 */
export async function mappingApprovalBlockersOf(
  db: Knex | Knex.Transaction,
  entityRefs: string[],
): Promise<Map<string, string[]>> {
  const current: VersionRow[] = await db<VersionRow>(
    'hip_mapping_versions as v',
  )
    .whereIn('v.entity_ref', entityRefs)
    .where(
      'v.version',
      db('hip_mapping_versions as w')
        .max('w.version')
        .whereRaw('w.entity_ref = v.entity_ref'),
    )
    .select('v.*');
  const confirmations = current.length
    ? await db<ConfirmationRow>('hip_mapping_confirmations')
        .whereIn(
          'entity_ref',
          current.map(v => v.entity_ref),
        )
        .orderBy('id', 'asc')
    : [];
  const byRecord = new Map<string, ConfirmationRow[]>();
  for (const c of confirmations) {
    const list = byRecord.get(c.entity_ref) ?? [];
    list.push(c);
    byRecord.set(c.entity_ref, list);
  }
  const versions = new Map(current.map(v => [v.entity_ref, v]));
  return new Map(
    entityRefs.map(ref => {
      const v = versions.get(ref);
      return [ref, blockersOf(v && reviewOf(v, byRecord.get(ref) ?? []))];
    }),
  );
}

function blockersOf(review: MappingReview | undefined): string[] {
  if (!review) {
    return [
      'no mapping spec stored: PUT …/mapping with the spec, then have each row confirmed by its role',
    ];
  }
  const out: string[] = [];
  if (review.validation.errors.length)
    out.push(`mapping v${review.version} has validation errors`);
  const open = review.rows.filter(r => r.status !== 'confirmed');
  if (open.length) {
    out.push(
      `mapping rows not confirmed: ${open
        .map(r =>
          r.status === 'disputed'
            ? `${r.id} (disputed by ${r.confirmation!.by})`
            : r.id,
        )
        .join(', ')}`,
    );
  }
  return out;
}

function toConfirmation(
  c: ConfirmationRow,
  currentHash: string,
): MappingRowConfirmation {
  return {
    status: c.status,
    by: c.decided_by,
    role: c.role,
    at: c.decided_at,
    comment: c.comment ?? undefined,
    rowHash: c.row_hash,
    stale: Boolean(c.stale) || c.row_hash !== currentHash,
  };
}
