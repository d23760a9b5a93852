import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  MappingReview,
  MappingRunReport,
  MappingRunResult,
  MappingSpec,
  MappingValidationResult,
  Role,
  RoleHolders,
  canonicalJson,
  confirmMappingRowSchema,
  disputeMappingRowSchema,
  putMappingRequestSchema,
  runMappingRequestSchema,
  validateMappingRequestSchema,
  testRecorderRefusal,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { sha256Hex } from '../lib/sha256';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';
import { parseInput } from '../lib/errors';
import { validateMapping } from './validateMapping';
import { runMapping, SampleError } from './runMapping';
import {
  ConfirmationRow,
  VersionRow,
  currentMapping,
  mappingReview,
} from '../database/mappingStore';

export function rowHashes(spec: MappingSpec): Record<string, string> {
  return Object.fromEntries(
    spec.rows.map(r => [r.id, sha256Hex(canonicalJson(r))]),
  );
}

/**
 * The data-mapping review of one integration: versions of its mapping spec (each validated,
 * stored as `mapping-spec` evidence), per-row sign-off by the row's confirmBy role bound to the
 * row's hash, and sample runs whose reports become `test-result` evidence. Record-level rules
 * (row lock, audit chain, evidence, stale approvals) are the GovernanceEngine's.
 */
export class MappingService {
  constructor(
    private readonly governance: GovernanceEngine,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get db(): Knex {
    return this.governance.knex;
  }

  validate(input: unknown): MappingValidationResult {
    const { spec } = parseInput(validateMappingRequestSchema, input);
    const { valid, errors, warnings } = validateMapping(spec);
    return { valid, errors, warnings };
  }

  async get(entityRef: string): Promise<MappingReview> {
    await this.requireRecord(entityRef);
    const current = await currentMapping(this.db, entityRef);
    if (!current)
      throw new NotFoundError(
        `No mapping spec stored for ${entityRef}; PUT one first`,
      );
    return mappingReview(this.db, current);
  }

  /** Stores a new version; an invalid spec is refused with every row-level error. */
  async put(
    entityRef: string,
    input: unknown,
    actor: Actor,
  ): Promise<MappingReview> {
    const body = parseInput(putMappingRequestSchema, input);
    const validation = validateMapping(body.spec);
    if (!validation.valid || !validation.spec) {
      throw new InputError(
        `Invalid spec: ${validation.errors
          .map(
            e =>
              `row ${e.row} ${e.path}: ${e.message}${
                e.suggestion ? ` (did you mean ${e.suggestion}?)` : ''
              }`,
          )
          .join('; ')}`,
      );
    }
    const spec = validation.spec;
    const specJson = canonicalJson(spec);
    const specHash = sha256Hex(specJson);
    const hashes = rowHashes(spec);
    let stored: VersionRow | undefined;
    await this.governance.mutateRecord(entityRef, actor, async m => {
      const previous = await currentMapping(m.tx, entityRef);
      if (previous?.spec_hash === specHash) {
        stored = previous; // unchanged: no new version, confirmations stand
        return;
      }
      const version = (previous?.version ?? 0) + 1;
      const evidenceId = await m.addEvidence({
        kind: 'mapping-spec',
        title: `Mapping spec v${version}`,
        mediaType: 'application/json',
        contentBase64: Buffer.from(specJson, 'utf8').toString('base64'),
        supersedes: previous?.evidence_id ?? undefined,
      });
      stored = {
        id: randomUUID(),
        entity_ref: entityRef,
        version,
        spec: specJson,
        spec_hash: specHash,
        row_hashes: JSON.stringify(hashes),
        validation: JSON.stringify({
          valid: true,
          errors: [],
          warnings: validation.warnings,
        }),
        evidence_id: evidenceId,
        comment: body.comment ?? null,
        created_by: actor.ref,
        created_at: m.now,
      };
      await m.tx('hip_mapping_versions').insert(stored);
      m.audit('mapping.version.stored', `mapping:v${version}`, {
        version,
        specHash,
        evidenceId,
        rows: spec.rows.map(r => r.id),
        warnings: validation.warnings.length,
        comment: body.comment,
      });
      // Sign-offs cover a row's exact content: a changed or removed row loses them.
      const live = await m
        .tx<ConfirmationRow>('hip_mapping_confirmations')
        .where({ entity_ref: entityRef })
        .where('stale', false);
      const staleIds = live
        .filter(c => hashes[c.row_id] !== c.row_hash)
        .map(c => c.id!);
      if (staleIds.length) {
        await m
          .tx('hip_mapping_confirmations')
          .whereIn('id', staleIds)
          .update({ stale: true });
        const rows = [
          ...new Set(
            live.filter(c => staleIds.includes(c.id!)).map(c => c.row_id),
          ),
        ];
        m.audit('mapping.confirmations.stale', `mapping:v${version}`, {
          version,
          rows,
          reason: 'row changed or removed in the new version',
        });
      }
    });
    return mappingReview(this.db, stored!);
  }

  async confirm(
    entityRef: string,
    rowId: string,
    input: unknown,
    actor: Actor,
  ) {
    const body = parseInput(confirmMappingRowSchema, input);
    return this.signOff(entityRef, rowId, 'confirmed', body.comment, actor);
  }

  async dispute(
    entityRef: string,
    rowId: string,
    input: unknown,
    actor: Actor,
  ) {
    const body = parseInput(disputeMappingRowSchema, input);
    return this.signOff(entityRef, rowId, 'disputed', body.comment, actor);
  }

  /** Runs the current mapping on a sample; the report becomes test-result evidence and the scenario's result. */
  async run(
    entityRef: string,
    input: unknown,
    actor: Actor,
  ): Promise<MappingRunResult> {
    const body = parseInput(runMappingRequestSchema, input);
    await this.requireRecord(entityRef);
    const current = await currentMapping(this.db, entityRef);
    if (!current)
      throw new ConflictError(
        `No mapping spec stored for ${entityRef}; PUT one before running it`,
      );
    const spec = JSON.parse(current.spec) as MappingSpec;
    const now = this.clock();
    let out;
    try {
      out = runMapping(spec, body.message, body.format, now);
    } catch (e) {
      if (e instanceof SampleError) throw new InputError(e.message);
      throw e;
    }
    const missing = out.rows.filter(r => r.outcome === 'missing-required');
    const failedRows = out.rows.filter(r => r.outcome === 'transform-error');
    const outputErrors = out.outputIssues.errors.length;
    // happy-path: everything required arrives and the output is valid R4. missing-data: the
    // sample lacks required data and the run detects it (reported per row, nothing crashes).
    const passed =
      body.scenario === 'happy-path'
        ? !missing.length && !failedRows.length && !outputErrors
        : missing.length > 0 && !failedRows.length;
    const mapped = out.rows.filter(r => r.outcome === 'mapped').length;
    const note =
      body.scenario === 'missing-data' && !missing.length
        ? '; the sample has no missing required data'
        : '';
    const summary = `${mapped}/${out.rows.length} rows mapped, ${missing.length} missing required, ${failedRows.length} transform errors, ${outputErrors} output errors${note}`;
    const report: MappingRunReport = {
      entityRef,
      mappingVersion: Number(current.version),
      specHash: current.spec_hash,
      scenario: body.scenario,
      format: body.format,
      inputSha256: sha256Hex(body.message),
      ranAt: now.toISOString(),
      ranBy: actor.ref,
      rows: out.rows,
      output: out.output,
      outputIssues: out.outputIssues,
      result: passed ? 'passed' : 'failed',
      summary,
    };
    const bytes = Buffer.from(JSON.stringify(report, null, 2), 'utf8');
    let evidenceId = '';
    // Anyone who may run the mapping keeps the report as evidence; only the test owner's run
    // also records the scenario's result (others leave it for the test owner to cite).
    const recordsResult = !testRecorderRefusal({
      ref: actor.ref,
      isUser: actor.isUser,
      roles: actor.isUser
        ? await this.governance.rolesFor(entityRef, actor.ref)
        : [],
    });
    await this.governance.mutateRecord(entityRef, actor, async m => {
      // The run must belong to the version in force when it is recorded.
      const still = await currentMapping(m.tx, entityRef);
      if (still?.spec_hash !== current.spec_hash) {
        throw new ConflictError(
          `The mapping changed while the sample ran (now v${still?.version}); run it again`,
        );
      }
      evidenceId = await m.addEvidence({
        kind: 'test-result',
        title: `Mapping v${current.version} run: ${body.scenario} (${report.result})`,
        mediaType: 'application/json',
        contentBase64: bytes.toString('base64'),
      });
      m.audit('mapping.run', `mapping:v${current.version}`, {
        scenario: body.scenario,
        result: report.result,
        evidenceId,
        inputSha256: report.inputSha256,
        summary,
        resultRecorded: recordsResult,
      });
      if (recordsResult) {
        await m.recordTest(body.scenario, {
          result: report.result,
          evidenceId,
          notes: `Mapping run: ${summary}`,
        });
      }
    });
    return { report, evidenceId, sha256: sha256Hex(bytes) };
  }

  private async signOff(
    entityRef: string,
    rowId: string,
    status: 'confirmed' | 'disputed',
    comment: string | undefined,
    actor: Actor,
  ): Promise<MappingReview> {
    if (!actor.isUser)
      throw new NotAllowedError('Only a person can sign off a mapping row');
    const held = await this.governance.rolesFor(entityRef, actor.ref);
    let version: VersionRow | undefined;
    await this.governance.mutateRecord(entityRef, actor, async m => {
      version = await currentMapping(m.tx, entityRef);
      if (!version)
        throw new NotFoundError(`No mapping spec stored for ${entityRef}`);
      const spec = JSON.parse(version.spec) as MappingSpec;
      const row = spec.rows.find(r => r.id === rowId);
      if (!row) {
        throw new NotFoundError(
          `Mapping v${
            version.version
          } has no row ${rowId}; its rows are ${spec.rows
            .map(r => r.id)
            .join(', ')}`,
        );
      }
      // Segregation of duties, as for gates: whoever asked for the work or wrote the mapping does not sign it off.
      if (
        actor.ref === m.record.requested_by ||
        actor.ref === version.created_by
      ) {
        throw new NotAllowedError(
          `Segregation of duties: ${actor.ref} ${
            actor.ref === version.created_by
              ? 'wrote this mapping version'
              : 'requested this integration'
          } and cannot sign off row ${rowId}`,
        );
      }
      if (!held.includes(row.confirmBy as Role)) {
        const holders = JSON.parse(m.record.roles) as RoleHolders;
        throw new NotAllowedError(
          `Row ${rowId} is confirmed by the ${row.confirmBy} (${
            holders[row.confirmBy as Role]
          }); ${actor.ref} does not hold that role`,
        );
      }
      const rowHash = JSON.parse(version.row_hashes)[rowId] as string;
      const latest = await m
        .tx<ConfirmationRow>('hip_mapping_confirmations')
        .where({ entity_ref: entityRef, row_id: rowId, row_hash: rowHash })
        .where('stale', false)
        .orderBy('id', 'desc')
        .first();
      if (latest?.status === status) {
        throw new ConflictError(
          `Row ${rowId} is already ${status} by ${latest.decided_by}`,
        );
      }
      await m.tx('hip_mapping_confirmations').insert({
        entity_ref: entityRef,
        row_id: rowId,
        row_hash: rowHash,
        version: version.version,
        status,
        role: row.confirmBy,
        decided_by: actor.ref,
        decided_at: m.now,
        comment: comment ?? null,
        stale: false,
      });
      m.audit(`mapping.row.${status}`, `mapping:v${version.version}#${rowId}`, {
        row: rowId,
        rowHash,
        role: row.confirmBy,
        comment,
      });
    });
    return mappingReview(this.db, version!);
  }

  private async requireRecord(entityRef: string) {
    const record = await this.governance.getRecordRow(entityRef);
    if (!record)
      throw new NotFoundError(`No governance record for ${entityRef}`);
    return record;
  }
}
