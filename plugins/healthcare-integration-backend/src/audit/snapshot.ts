import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import type {
  AuditEvent,
  GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditLog } from '../database/AuditLog';
import { toAuditEvent, type AuditRow } from '../database/rows';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import { readRecordSections, type RecordSections } from './recordSections';

/** One record as verification and export see it: status, sections, stored chain and its head. */
export interface Snapshot {
  status: GovernanceStatus;
  sections: RecordSections;
  rows: AuditRow[];
  events: AuditEvent[];
  head: { seq: number; hash: string };
}

/**
 * Record sections, stored rows and head read so that they belong together: the head is read
 * before and after, and the read repeats if a mutation landed in between.
 */
export async function readSnapshot(
  deps: { engine: GovernanceEngine; db: Knex; auditLog: AuditLog },
  entityRef: string,
): Promise<Snapshot> {
  const headOf = async () => {
    const row = await deps.engine.getRecordRow(entityRef);
    if (!row) throw new NotFoundError(`No governance record for ${entityRef}`);
    return { seq: Number(row.audit_seq), hash: row.audit_head };
  };
  for (let attempt = 1; ; attempt++) {
    const before = await headOf();
    const status = await deps.engine.getStatus(entityRef);
    const sections = await readRecordSections(deps.db, status);
    const rows = await deps.auditLog.readRows(entityRef);
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
