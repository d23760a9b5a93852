import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import type {
  AuditEvent,
  GovernanceStatus,
  GovernancePolicy,
  Role,
  Viewer,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { verifyStoredChain } from '../database/auditChain';
import type { EffectivePolicy } from '../config/readPolicy';
import { AuditEntry, AuditLog } from '../database/AuditLog';
import type { IntegrationRow } from '../database/rows';
import { listCatalogEntities } from '../queries/catalogEntities';
import { listPortfolio } from '../queries/portfolio';
import type { RecordFilter } from '../permissions/recordFilter';
import * as changes from './changeRequests';
import * as decisions from './decisions';
import * as evidence from './evidence';
import { moveStage } from './lifecycle';
import { rederiveRecordsUnderRunningPolicy } from './policyRederive';
import { MutationContext, mutateRecord } from './MutationContext';
import { createRecord, updateRecord } from './records';
import { decideRecordChange, withdrawRecordChange } from './recordChanges';
import type { RoleResolver } from './RoleResolver';
import { StatusReader } from './status';
import { readStatuses } from './statusBatch';
import {
  diffOperatingModelVersions,
  readOperatingModel,
  readOperatingModelVersionOf,
} from './operatingModelReads';
import type { Actor, ApprovalCheck, EngineDeps } from './types';
import { buildInbox, withWaitingOn } from './worklists';

export type { Actor, ApprovalCheck } from './types';

/**
 * What a module with its own tables (the mapping review) may do inside one record mutation:
 * write its tables in the transaction, add audit events, and add evidence or record a test with
 * the engine's own rules (stale approvals reopen), all under the record's row lock.
 */
export interface RecordMutation {
  tx: Knex.Transaction;
  now: string;
  actor: Actor;
  record: Readonly<IntegrationRow>;
  audit(
    action: string,
    subject: string,
    payload?: Record<string, unknown>,
  ): void;
  /** Adds evidence (validated like the upload route); returns its id. */
  addEvidence(input: unknown): Promise<string>;
  recordTest(scenario: string, input: unknown): Promise<void>;
}

const INBOX_DEFAULT_LIMIT = 100;

/**
 * The governance engine: one entry point over the parts in this folder (records, record
 * changes, decisions, evidence, lifecycle, change requests, status). Each mutation runs in one
 * transaction that first locks the integration row, so concurrent writers apply one after
 * another and each mutation's audit events extend the chain exactly once. Rules come from the
 * common package's `rules/`, which the UI uses too.
 */
export class GovernanceEngine {
  private readonly deps: EngineDeps;
  private readonly status: StatusReader;

  constructor(
    db: Knex,
    policy: EffectivePolicy,
    roles: RoleResolver,
    auditLog: AuditLog,
    onAudit: (events: AuditEvent[]) => void = () => {},
    clock: () => Date = () => new Date(),
  ) {
    this.deps = {
      db,
      policy,
      roles,
      auditLog,
      onAudit,
      clock,
      approvalChecks: new Map(),
    };
    this.status = new StatusReader(this.deps);
  }

  getPolicy() {
    return this.deps.policy;
  }

  /** The database, for modules that keep their own tables next to the record's. */
  get knex(): Knex {
    return this.deps.db;
  }

  /**
   * Registers extra blockers for a gate: approving is refused (409) while a check names any.
   * The gate is resolved against the policy now, so a check on a gate the policy does not
   * have stops the start-up instead of silently guarding nothing.
   */
  registerApprovalCheck(check: ApprovalCheck) {
    const gateId =
      'special' in check.gate
        ? this.deps.policy.policy.specialGates[check.gate.special]
        : check.gate.gateId;
    if (!this.deps.policy.policy.gates.some(g => g.id === gateId)) {
      throw new Error(
        `Approval check ${check.id} guards gate "${gateId}", which the policy (healthcareIntegration.policy.gates) does not define`,
      );
    }
    const checks = this.deps.approvalChecks.get(gateId) ?? [];
    this.deps.approvalChecks.set(gateId, [...checks, check]);
  }

  /** Runs another module's mutation under the record lock, chaining its audit events. */
  async mutateRecord(
    entityRef: string,
    actor: Actor,
    fn: (m: RecordMutation) => Promise<void>,
  ) {
    await mutateRecord(this.deps, entityRef, actor, (ctx: MutationContext) =>
      fn({
        tx: ctx.tx,
        now: ctx.now,
        actor,
        record: ctx.loaded.record,
        audit: (action, subject, payload) =>
          ctx.audit(action, subject, payload),
        addEvidence: input => evidence.applyEvidence(ctx, input),
        recordTest: (scenario, input) =>
          evidence.applyTest(ctx, scenario, input),
      }),
    );
    return this.getStatus(entityRef);
  }

  // operating model (versions recorded at intake and on implemented changes)
  operatingModel(entityRef: string) {
    return readOperatingModel(this.deps, entityRef);
  }
  operatingModelVersion(entityRef: string, version: number) {
    return readOperatingModelVersionOf(this.deps, entityRef, version);
  }
  operatingModelDiff(entityRef: string, from: number, to: number) {
    return diffOperatingModelVersions(this.deps, entityRef, from, to);
  }

  // records
  async create(input: unknown, actor: Actor) {
    return this.getStatus(await createRecord(this.deps, input, actor));
  }
  async update(entityRef: string, input: unknown, actor: Actor) {
    const { proposed } = await updateRecord(this.deps, entityRef, input, actor);
    return { status: await this.getStatus(entityRef), proposed };
  }
  async decideRecordChange(
    entityRef: string,
    changeId: string,
    input: unknown,
    actor: Actor,
  ) {
    await decideRecordChange(this.deps, entityRef, changeId, input, actor);
    return this.getStatus(entityRef);
  }
  async withdrawRecordChange(
    entityRef: string,
    changeId: string,
    actor: Actor,
  ) {
    await withdrawRecordChange(this.deps, entityRef, changeId, actor);
    return this.getStatus(entityRef);
  }

  getStatus(entityRef: string): Promise<GovernanceStatus> {
    return this.status.getStatus(entityRef);
  }
  getStatusJson(entityRef: string): Promise<string> {
    return this.status.getStatusJson(entityRef);
  }

  /** The record row, for permission rules. */
  async getRecordRow(entityRef: string) {
    return this.deps
      .db<IntegrationRow>('hip_integrations')
      .where({ entity_ref: entityRef })
      .first();
  }

  /**
   * Re-derives the gates of every record still on another policy than the running one (the
   * running policy being recorded as `version`; `recorded` holds the policies of earlier
   * versions by hash); returns how many records changed policy.
   */
  rederiveUnderRunningPolicy(
    recorded: ReadonlyMap<string, GovernancePolicy>,
    version: number,
  ) {
    return rederiveRecordsUnderRunningPolicy(this.deps, recorded, version);
  }

  /** The portfolio page, each record with who holds it now. */
  async listPortfolio(query: unknown, permissionFilter?: RecordFilter) {
    const now = this.deps.clock();
    const page = await listPortfolio(this.deps.db, query, {
      now: now.toISOString(),
      silenceWindowHours: this.deps.policy.policy.monitoring.silenceWindowHours,
      permissionFilter,
    });
    return withWaitingOn(page, refs => readStatuses(this.deps, refs), now);
  }
  listForCatalog(query: unknown) {
    return listCatalogEntities(this.deps.db, query);
  }

  // gates
  async decide(
    entityRef: string,
    gateId: string,
    input: unknown,
    actor: Actor,
  ) {
    await decisions.decideGate(this.deps, entityRef, gateId, input, actor);
    return this.getStatus(entityRef);
  }
  async waive(entityRef: string, gateId: string, input: unknown, actor: Actor) {
    await decisions.waiveGate(this.deps, entityRef, gateId, input, actor);
    return this.getStatus(entityRef);
  }
  async confirmWaiver(
    entityRef: string,
    gateId: string,
    input: unknown,
    actor: Actor,
  ) {
    await decisions.confirmWaiver(this.deps, entityRef, gateId, input, actor);
    return this.getStatus(entityRef);
  }
  reopenExpiredWaivers() {
    return decisions.reopenExpiredWaivers(this.deps);
  }

  // evidence and tests
  async uploadEvidence(entityRef: string, input: unknown, actor: Actor) {
    let id = '';
    await mutateRecord(this.deps, entityRef, actor, async ctx => {
      id = await evidence.applyEvidence(ctx, input);
    });
    const status = await this.getStatus(entityRef);
    return status.evidence.find(e => e.id === id)!;
  }
  getEvidenceContent(entityRef: string, evidenceId: string) {
    return evidence.getEvidenceContent(this.deps, entityRef, evidenceId);
  }
  async recordTest(
    entityRef: string,
    scenario: string,
    input: unknown,
    actor: Actor,
  ) {
    await mutateRecord(this.deps, entityRef, actor, ctx =>
      evidence.applyTest(ctx, scenario, input),
    );
    return this.getStatus(entityRef);
  }
  reopenGatesWithExpiredEvidence() {
    return evidence.reopenGatesWithExpiredEvidence(this.deps);
  }

  // lifecycle and change requests
  async moveStage(entityRef: string, input: unknown, actor: Actor) {
    await moveStage(this.deps, entityRef, input, actor);
    return this.getStatus(entityRef);
  }
  async openChangeRequest(entityRef: string, input: unknown, actor: Actor) {
    await changes.openChangeRequest(this.deps, entityRef, input, actor);
    return this.getStatus(entityRef);
  }
  async updateChangeRequest(
    entityRef: string,
    changeId: string,
    input: unknown,
    actor: Actor,
  ) {
    await changes.updateChangeRequest(
      this.deps,
      entityRef,
      changeId,
      input,
      actor,
    );
    return this.getStatus(entityRef);
  }
  async moveChangeRequest(
    entityRef: string,
    changeId: string,
    input: unknown,
    actor: Actor,
  ) {
    await changes.moveChangeRequest(
      this.deps,
      entityRef,
      changeId,
      input,
      actor,
    );
    return this.getStatus(entityRef);
  }

  // audit and inbox
  async verifyAudit(entityRef: string) {
    const record = await this.requireRecord(entityRef);
    const rows = await this.deps.auditLog.readRows(entityRef);
    return verifyStoredChain(entityRef, rows, {
      seq: Number(record.audit_seq),
      hash: record.audit_head,
    });
  }
  async readAudit(entityRef: string) {
    await this.requireRecord(entityRef);
    return this.deps.auditLog.read(entityRef);
  }
  /**
   * The reviewer inbox; `mayDecide`: the permission framework's answer per record;
   * `permissionFilter`: its conditions on reading records (a gate on a record the caller may
   * not read is not listed, whatever role they hold there).
   */
  inbox(
    userRef: string,
    limit = INBOX_DEFAULT_LIMIT,
    mayDecide?: (entityRefs: string[]) => Promise<Set<string>>,
    permissionFilter?: RecordFilter,
  ) {
    return buildInbox(this.deps, refs => readStatuses(this.deps, refs), {
      userRef,
      limit,
      mayDecide: mayDecide ?? (async refs => new Set(refs)),
      permissionFilter,
    });
  }

  async rolesFor(entityRef: string, userRef: string): Promise<Role[]> {
    const record = await this.requireRecord(entityRef);
    return this.deps.roles.rolesOf(userRef, JSON.parse(record.roles));
  }

  /** What the rules need to know about the caller on this record (the UI offers actions by it). */
  async viewerOf(entityRef: string, actor: Actor): Promise<Viewer> {
    const record = await this.requireRecord(entityRef);
    return {
      ref: actor.ref,
      roles: actor.isUser
        ? await this.deps.roles.rolesOf(actor.ref, JSON.parse(record.roles))
        : [],
      isRequester: actor.ref === record.requested_by,
    };
  }

  /** Whether the caller is the requester, a role holder (directly or through a group), or neither. */
  async isParticipant(entityRef: string, actor: Actor): Promise<boolean> {
    const record = await this.requireRecord(entityRef);
    if (!actor.isUser) return false;
    if (record.requested_by === actor.ref) return true;
    const refs = await this.deps.roles.identityRefs(actor.ref);
    return Object.values(
      JSON.parse(record.roles) as Record<string, string>,
    ).some(h => refs.has(h));
  }

  /** The caller's own ref and groups (parents included). */
  identityRefs(userRef: string) {
    return this.deps.roles.identityRefs(userRef);
  }

  /**
   * Appends audit entries for one record inside the caller's transaction, under the record's
   * row lock (used by monitoring, whose writes are not record mutations but are audited).
   */
  async appendAuditInTransaction(
    tx: Knex.Transaction,
    entityRef: string,
    entries: AuditEntry[],
    now: string,
  ): Promise<AuditEvent[]> {
    let q = tx<IntegrationRow>('hip_integrations').where({
      entity_ref: entityRef,
    });
    if (tx.client.config.client === 'pg') q = q.forUpdate();
    const row = await q.first();
    if (!row) throw new NotFoundError(`No governance record for ${entityRef}`);
    return this.deps.auditLog.append(
      tx,
      { entityRef, seq: Number(row.audit_seq), hash: row.audit_head },
      entries,
      now,
    );
  }

  private async requireRecord(entityRef: string) {
    const record = await this.getRecordRow(entityRef);
    if (!record)
      throw new NotFoundError(`No governance record for ${entityRef}`);
    return record;
  }
}
