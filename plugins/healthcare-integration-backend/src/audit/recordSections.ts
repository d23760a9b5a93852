import type { Knex } from 'knex';
import type {
  ChangeRequest,
  Evidence,
  Gate,
  GovernanceStatus,
  IntegrationRecord,
  MonitoringException,
  OperatingModelDocument,
  RecordChange,
  TestCase,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type {
  RecordChangeDecisionRow,
  RecordChangeRow,
} from '../database/rows';
import { toRecordChange } from '../database/rows';
import { toException, type ExceptionRow } from '../monitoring/rows';
import type { ConfirmationRow, VersionRow } from '../database/mappingStore';
import {
  readOperatingModelVersions,
  toVersionSummary,
} from '../engine/operatingModelStore';

/**
 * The record as sections: what an evidence pack carries and what the database is read into, so
 * that binding compares both with the chain in one shape.
 */

export interface MappingVersionSection {
  version: number;
  specHash: string;
  evidenceId?: string;
  comment?: string;
  createdBy: string;
  createdAt: string;
}

export interface MappingConfirmationSection {
  row: string;
  rowHash: string;
  version: number;
  status: string;
  role: string;
  decidedBy: string;
  decidedAt: string;
  comment?: string;
  stale: boolean;
}

/** One operating-model version with its document; the chain binds its hash. */
export interface OperatingModelVersionSection {
  version: number;
  contentHash: string;
  reason: string;
  createdAt: string;
  document: OperatingModelDocument;
}

/** The record as sections: what a pack carries and what the database is read into. */
export interface RecordSections {
  integration: IntegrationRecord;
  gates: Gate[];
  evidence: Evidence[];
  tests: TestCase[];
  changeRequests: ChangeRequest[];
  /** Every record change, oldest first. */
  recordChanges: RecordChange[];
  /** Every monitoring exception, open or closed. */
  exceptions: MonitoringException[];
  mapping: {
    versions: MappingVersionSection[];
    confirmations: MappingConfirmationSection[];
  };
  /** Absent from packs exported before operating models were versioned. */
  operatingModel?: { versions: OperatingModelVersionSection[] };
}

/** Reads the sections of one record (status from the engine, the rest from their tables). */
export async function readRecordSections(
  db: Knex,
  status: GovernanceStatus,
): Promise<RecordSections> {
  const ref = status.record.entityRef;
  const [
    changes,
    changeDecisions,
    exceptions,
    versions,
    confirmations,
    modelVersions,
  ] = await Promise.all([
    db<RecordChangeRow>('hip_record_changes')
      .where({ entity_ref: ref })
      .orderBy('proposed_at', 'asc')
      .orderBy('id'),
    db<RecordChangeDecisionRow>('hip_record_change_decisions')
      .join(
        'hip_record_changes as c',
        'c.id',
        'hip_record_change_decisions.change_id',
      )
      .where('c.entity_ref', ref)
      .select('hip_record_change_decisions.*')
      .orderBy('hip_record_change_decisions.id'),
    db<ExceptionRow>('hip_exceptions')
      .where({ entity_ref: ref })
      .orderBy('first_seen_at')
      .orderBy('id'),
    db<VersionRow>('hip_mapping_versions')
      .where({ entity_ref: ref })
      .orderBy('version')
      .select(
        'version',
        'spec_hash',
        'evidence_id',
        'comment',
        'created_by',
        'created_at',
      ),
    db<ConfirmationRow>('hip_mapping_confirmations')
      .where({ entity_ref: ref })
      .orderBy('id'),
    readOperatingModelVersions(db, ref),
  ]);
  return {
    integration: status.record,
    gates: status.gates,
    evidence: status.evidence,
    tests: status.tests,
    changeRequests: status.changeRequests,
    recordChanges: changes.map(r => toRecordChange(r, changeDecisions)),
    exceptions: exceptions.map(toException),
    mapping: {
      versions: versions.map(v => ({
        version: Number(v.version),
        specHash: v.spec_hash,
        evidenceId: v.evidence_id ?? undefined,
        comment: v.comment ?? undefined,
        createdBy: v.created_by,
        createdAt: v.created_at,
      })),
      confirmations: confirmations.map(c => ({
        row: c.row_id,
        rowHash: c.row_hash,
        version: Number(c.version),
        status: c.status,
        role: c.role,
        decidedBy: c.decided_by,
        decidedAt: c.decided_at,
        comment: c.comment ?? undefined,
        stale: Boolean(c.stale),
      })),
    },
    operatingModel: {
      versions: modelVersions.map(v => ({
        ...toVersionSummary(v),
        document: JSON.parse(v.content),
      })),
    },
  };
}
