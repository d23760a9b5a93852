import type { Knex } from 'knex';
import type { AuditLog } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { RoleResolver } from '../engine/RoleResolver';
import type { ExceptionNotifier } from './ExceptionNotifier';

/** What the parts of the monitoring module share; `MonitoringService` builds it once. */
export interface MonitoringDeps {
  db: Knex;
  policy: EffectivePolicy;
  governance: GovernanceEngine;
  roles: RoleResolver;
  notifier: ExceptionNotifier;
  clock: () => Date;
  auditLog: AuditLog;
  /** Called after a commit changed these records' monitoring (live updates); never throws. */
  recordsChanged?: (entityRefs: string[]) => void;
}
