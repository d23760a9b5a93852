import type { Knex } from 'knex';
import type { AuditLog } from '../database/AuditLog';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { CheckpointCheckDeps } from './checkpointCheck';

/** What the parts of the audit proof share; `AuditService` builds it once from its options. */
export interface AuditServiceDeps extends CheckpointCheckDeps {
  engine: GovernanceEngine;
  db: Knex;
  auditLog: AuditLog;
}
