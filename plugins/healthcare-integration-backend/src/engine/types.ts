import type { Knex } from 'knex';
import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { AuditLog } from '../database/AuditLog';
import type { EffectivePolicy } from '../config/readPolicy';
import type {
  DecisionRow,
  EvidenceRow,
  GateRow,
  IntegrationRow,
  TestRow,
} from '../database/rows';
import type { RoleResolver } from './RoleResolver';
import type { ApprovalCheck } from '@hcig/backstage-plugin-healthcare-integration-node';

/** Who is acting: a user ref, or a service principal's subject. */
export interface Actor {
  ref: string;
  isUser: boolean;
}

export type { ApprovalCheck } from '@hcig/backstage-plugin-healthcare-integration-node';

/**
 * An approval check that can also answer for many records at once (the plugin's own mapping
 * check), so the lists need not ask it record by record.
 */
export interface BatchedApprovalCheck extends ApprovalCheck {
  /** `blockers` of every ref in `entityRefs`, each of them answered. */
  blockersOfMany(context: {
    entityRefs: string[];
    db: Knex | Knex.Transaction;
  }): Promise<Map<string, string[]>>;
}

/** Everything loaded for one record inside a transaction. */
export interface Loaded {
  record: IntegrationRow;
  gates: GateRow[];
  decisions: DecisionRow[];
  evidence: EvidenceRow[];
  tests: TestRow[];
}

/** What every engine part shares. */
export interface EngineDeps {
  db: Knex;
  policy: EffectivePolicy;
  roles: RoleResolver;
  auditLog: AuditLog;
  onAudit: (events: AuditEvent[]) => void;
  clock: () => Date;
  /** Blockers owned by modules (the built-in mapping review, extension-point checks), by gate id. */
  approvalChecks: Map<string, ApprovalCheck[]>;
}
