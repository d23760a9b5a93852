import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuditEvent,
  CHANGE_FLOW,
  ChangeClass,
  INITIAL_CHANGE_STATUS,
  ChangeStatus,
  GovernanceStatus,
  InboxItem,
  IntegrationProfile,
  IntegrationSummary,
  NEXT_STAGE,
  Page,
  ROLES,
  Role,
  RoleHolders,
  STAGE_TRANSITIONS,
  Stage,
  TEST_SCENARIOS,
  createIntegrationSchema,
  decideGateSchema,
  deriveGates,
  isGateClosed,
  moveChangeRequestSchema,
  moveStageSchema,
  openChangeRequestSchema,
  portfolioQuerySchema,
  recordTestSchema,
  updateChangeRequestSchema,
  updateIntegrationSchema,
  uploadEvidenceSchema,
  waiveGateSchema,
  GatePolicy,
  MAX_EVIDENCE_BYTES,
} from '@internal/plugin-healthcare-integration-common';
import type { z } from 'zod';
import { AuditEntry, AuditLog } from '../database/AuditLog';
import { verifyStoredChain, sha256Hex } from '../audit/chain';
import type { EffectivePolicy } from '../config/readPolicy';
import {
  ChangeRequestRow,
  DecisionRow,
  EvidenceRow,
  GateRow,
  IntegrationRow,
  TestRow,
  isExpired,
  toChangeRequest,
  toEvidence,
  toRecord,
  toTest,
} from '../database/rows';
import {
  addDays,
  coveredDigest,
  gateBlockers,
  parseList,
  roundOutcome,
  toGate,
} from './gateRules';
import type { RoleResolver } from './RoleResolver';
import { rollUpHealth } from '../monitoring/health';
import { CatalogEntityPage, catalogEntitiesQuerySchema } from './catalogEntities';

/** Who is acting: a user ref, or a service principal's subject. */
export interface Actor {
  ref: string;
  isUser: boolean;
}

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
  audit(action: string, subject: string, payload?: Record<string, unknown>): void;
  /** Adds evidence (validated like the upload route); returns its id. */
  addEvidence(input: unknown): Promise<string>;
  recordTest(scenario: string, input: unknown): Promise<void>;
}

/** Extra reasons a gate cannot be approved, from a module that owns them (e.g. unconfirmed mapping rows). */
export type ApprovalCheck = (db: Knex | Knex.Transaction, entityRef: string) => Promise<string[]>;

/** Everything loaded for one record inside a transaction. */
interface Loaded {
  record: IntegrationRow;
  gates: GateRow[];
  decisions: DecisionRow[];
  evidence: EvidenceRow[];
  tests: TestRow[];
}

/** Collects the audit entries of one mutation; they are chained in the same transaction. */
class MutationContext {
  readonly entries: AuditEntry[] = [];
  constructor(
    readonly tx: Knex.Transaction,
    readonly loaded: Loaded,
    readonly actor: Actor,
    readonly now: string,
  ) {}
  audit(action: string, subject: string, payload: Record<string, unknown> = {}) {
    this.entries.push({ actor: this.actor.ref, action, subject, payload });
  }
}

const EVIDENCE_COLUMNS = [
  'id',
  'entity_ref',
  'kind',
  'title',
  'sha256',
  'size_bytes',
  'media_type',
  'url',
  'uploaded_by',
  'uploaded_at',
  'expires_at',
  'supersedes',
  'superseded_by',
];

/** Parses input with a schema; a failure is a 400 naming the field. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(body)';
    throw new InputError(`Invalid ${field}: ${issue.message}`);
  }
  return result.data;
}

export function normalizeRef(ref: string, defaultKind: string) {
  return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }));
}

/**
 * The governance engine: every rule about records, gates, evidence, tests, stages and change
 * requests. Each mutation runs in one transaction that first locks the integration row, so
 * concurrent writers (several backend instances) apply one after another and each mutation's
 * audit events extend the chain exactly once.
 */
export class GovernanceService {
  private readonly statusCache = new Map<string, { key: string; at: number; json: string }>();
  /** Blockers owned by other modules (the mapping review registers its own). */
  private readonly approvalChecks = new Map<string, ApprovalCheck>();

  constructor(
    private readonly db: Knex,
    private readonly policy: EffectivePolicy,
    private readonly roles: RoleResolver,
    private readonly auditLog: AuditLog,
    private readonly onAudit: (events: AuditEvent[]) => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  getPolicy() {
    return this.policy;
  }

  /** The database, for modules that keep their own tables next to the record's. */
  get knex(): Knex {
    return this.db;
  }

  /** Registers extra blockers for a gate: approving is refused (409) while the check names any. */
  registerApprovalCheck(gateId: string, check: ApprovalCheck) {
    this.approvalChecks.set(gateId, check);
  }

  /** Runs another module's mutation under the record lock, chaining its audit events. */
  async mutateRecord(
    entityRef: string,
    actor: Actor,
    fn: (m: RecordMutation) => Promise<void>,
  ): Promise<GovernanceStatus> {
    return this.mutate(entityRef, actor, ctx =>
      fn({
        tx: ctx.tx,
        now: ctx.now,
        actor,
        record: ctx.loaded.record,
        audit: (action, subject, payload) => ctx.audit(action, subject, payload),
        addEvidence: input => this.applyEvidence(ctx, input),
        recordTest: (scenario, input) => this.applyTest(ctx, scenario, input),
      }),
    );
  }

  // ---------------------------------------------------------------- records

  async create(input: unknown, actor: Actor): Promise<GovernanceStatus> {
    const body = parseInput(createIntegrationSchema, input);
    const entityRef = stringifyEntityRef({
      kind: 'component',
      namespace: body.namespace,
      name: body.name,
    });
    const profile = normalizeProfile(body.profile as IntegrationProfile);
    const roles = normalizeRoles(body.roles as RoleHolders);
    const now = this.clock().toISOString();
    const gatePolicies = deriveGates(this.policy.policy, profile);
    const head = AuditLog.genesis(entityRef);
    const row: IntegrationRow = {
      entity_ref: entityRef,
      namespace: body.namespace,
      name: body.name,
      title: body.title,
      stage: 'intake',
      profile: JSON.stringify(profile),
      roles: JSON.stringify(roles),
      phi: profile.phi,
      requested_by: actor.ref,
      profile_revision: 1,
      policy_hash: this.policy.hash,
      gates_required: 0,
      gates_closed: 0,
      earliest_due_at: null,
      audit_seq: 0,
      audit_head: head.hash,
      created_at: now,
      updated_at: now,
    };
    let events: AuditEvent[] = [];
    try {
      await this.db.transaction(async tx => {
        await tx('hip_integrations').insert(row);
        await this.writeRoleHolders(tx, entityRef, roles);
        const gateRows = gatePolicies.map(g => newGateRow(entityRef, g, now, actor.ref));
        for (const g of gateRows) await this.insertGate(tx, g);
        await tx('hip_tests').insert(
          TEST_SCENARIOS.map(s => ({
            entity_ref: entityRef,
            scenario: s,
            result: 'not-run',
            owner: roles.testOwner,
          })),
        );
        await this.refreshSummary(tx, entityRef, gateRows);
        events = await this.auditLog.append(
          tx,
          head,
          [
            {
              actor: actor.ref,
              action: 'integration.created',
              subject: entityRef,
              payload: {
                title: body.title,
                profile,
                roles,
                policyHash: this.policy.hash,
                gates: gatePolicies.map(g => g.id),
              } as Record<string, unknown>,
            },
          ],
          now,
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(`Integration ${entityRef} already has a governance record`);
      }
      throw e;
    }
    this.onAudit(events);
    return this.getStatus(entityRef);
  }

  async update(entityRef: string, input: unknown, actor: Actor) {
    const body = parseInput(updateIntegrationSchema, input);
    return this.mutate(entityRef, actor, async ctx => {
      const { record } = ctx.loaded;
      if (record.stage === 'retired') throw new ConflictError('A retired integration cannot change');
      const profile = normalizeProfile({ ...JSON.parse(record.profile), ...(body.profile ?? {}) });
      const profileCheck = createIntegrationSchema.safeParse({
        name: record.name,
        namespace: record.namespace,
        title: body.title ?? record.title,
        profile,
        roles: { ...JSON.parse(record.roles), ...(body.roles ?? {}) },
      });
      if (!profileCheck.success) {
        const issue = profileCheck.error.issues[0];
        throw new InputError(`Invalid ${issue.path.join('.')}: ${issue.message}`);
      }
      const roles = normalizeRoles({ ...JSON.parse(record.roles), ...(body.roles ?? {}) });
      const changedProfile = body.profile || body.roles;
      const revision = Number(record.profile_revision) + (changedProfile ? 1 : 0);
      await ctx.tx('hip_integrations')
        .where({ entity_ref: entityRef })
        .update({
          title: body.title ?? record.title,
          profile: JSON.stringify(profile),
          roles: JSON.stringify(roles),
          phi: profile.phi,
          profile_revision: revision,
        });
      record.profile_revision = revision;
      record.profile = JSON.stringify(profile);
      record.roles = JSON.stringify(roles);
      if (body.roles) await this.writeRoleHolders(ctx.tx, entityRef, roles);
      ctx.audit('integration.updated', entityRef, {
        title: body.title,
        profile: body.profile,
        roles: body.roles,
        profileRevision: revision,
      });
      if (changedProfile) {
        await this.addNewlyRequiredGates(ctx, profile);
        await this.reopenStaleApprovals(ctx, `profile changed to revision ${revision}`);
      }
    });
  }

  async getStatus(entityRef: string): Promise<GovernanceStatus> {
    const loaded = await this.load(this.db, entityRef);
    const changeRequests = await this.db<ChangeRequestRow>('hip_change_requests')
      .where({ entity_ref: entityRef })
      .orderBy('requested_at', 'desc');
    const status = this.buildStatus(loaded, changeRequests);
    for (const gate of status.gates) {
      const check = this.approvalChecks.get(gate.id);
      if (check && !isGateClosed(gate.status)) gate.blockers.push(...(await check(this.db, entityRef)));
    }
    return status;
  }

  /**
   * The status as JSON text, served from a small per-instance cache while the record's audit
   * head and update time are unchanged (every mutation moves them, on any instance) and for at
   * most a few seconds (expiry of evidence is time-based). One primary-key read per hit.
   */
  async getStatusJson(entityRef: string): Promise<string> {
    const head = await this.db<IntegrationRow>('hip_integrations')
      .where({ entity_ref: entityRef })
      .first('audit_seq', 'updated_at');
    if (!head) throw new NotFoundError(`No governance record for ${entityRef}`);
    const key = `${head.audit_seq}|${head.updated_at}`;
    const cached = this.statusCache.get(entityRef);
    if (cached && cached.key === key && Date.now() - cached.at < STATUS_CACHE_MS) return cached.json;
    const json = JSON.stringify(await this.getStatus(entityRef));
    if (this.statusCache.size >= STATUS_CACHE_ENTRIES) {
      this.statusCache.delete(this.statusCache.keys().next().value!);
    }
    this.statusCache.set(entityRef, { key, at: Date.now(), json });
    return json;
  }

  /** The record row, for permission rules. */
  async getRecordRow(entityRef: string) {
    return this.db<IntegrationRow>('hip_integrations').where({ entity_ref: entityRef }).first();
  }

  async listPortfolio(query: unknown): Promise<Page<IntegrationSummary>> {
    const q = parseInput(portfolioQuerySchema, query);
    const now = this.clock().toISOString();
    const base = this.db<IntegrationRow>('hip_integrations').modify(b => {
      if (q.stage) b.where('stage', q.stage);
      if (q.phi) b.where('phi', q.phi === 'true');
      if (q.health) this.whereHealth(b, q.health, now);
      if (q.overdue === 'true') b.where('earliest_due_at', '<', now);
      if (q.overdue === 'false')
        b.where(w => w.whereNull('earliest_due_at').orWhere('earliest_due_at', '>=', now));
      if (q.q) {
        const like = `%${q.q.toLowerCase().replace(/[%_\\]/g, m => `\\${m}`)}%`;
        b.where(w =>
          w
            .whereRaw("lower(title) like ? escape '\\'", [like])
            .orWhereRaw("lower(entity_ref) like ? escape '\\'", [like]),
        );
      }
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    let page = base.clone().orderBy('entity_ref', 'asc').limit(q.limit + 1);
    if (q.cursor) page = page.where('entity_ref', '>', decodeCursor(q.cursor));
    const rows: IntegrationRow[] = await page;
    const items = rows.slice(0, q.limit);
    const overdueCounts = await this.overdueCounts(
      items.filter(r => r.earliest_due_at && r.earliest_due_at < now).map(r => r.entity_ref),
      now,
    );
    return {
      totalCount: Number(count),
      nextCursor:
        rows.length > q.limit ? encodeCursor(items[items.length - 1].entity_ref) : undefined,
      items: items.map(r => ({
        entityRef: r.entity_ref,
        title: r.title,
        stage: r.stage as Stage,
        phi: Boolean(r.phi),
        externalVendor: JSON.parse(r.profile).externalVendor,
        patientFacing: JSON.parse(r.profile).patientFacing,
        requestedBy: r.requested_by,
        gatesRequired: Number(r.gates_required),
        gatesClosed: Number(r.gates_closed),
        overdueGates: overdueCounts.get(r.entity_ref) ?? 0,
        health: this.effectiveHealth(r, now),
        updatedAt: r.updated_at,
      })),
    };
  }

  /** Every record, cursor-paged by entity ref, in the shape the catalog entity provider needs. */
  async listForCatalog(query: unknown): Promise<CatalogEntityPage> {
    const q = parseInput(catalogEntitiesQuerySchema, query);
    let page = this.db<IntegrationRow>('hip_integrations')
      .select('entity_ref', 'title', 'profile', 'roles', 'requested_by', 'stage', 'created_at')
      .orderBy('entity_ref', 'asc')
      .limit(q.limit + 1);
    if (q.cursor) page = page.where('entity_ref', '>', decodeCursor(q.cursor));
    const rows = await page;
    const items = rows.slice(0, q.limit);
    return {
      items: items.map(r => ({
        entityRef: r.entity_ref,
        title: r.title,
        profile: JSON.parse(r.profile),
        roles: JSON.parse(r.roles),
        requester: r.requested_by,
        stage: r.stage as Stage,
        createdAt: r.created_at,
      })),
      nextCursor:
        rows.length > q.limit ? encodeCursor(items[items.length - 1].entity_ref) : undefined,
    };
  }

  // ---------------------------------------------------------------- gates

  async decide(entityRef: string, gateId: string, input: unknown, actor: Actor) {
    const body = parseInput(decideGateSchema, input);
    if (!actor.isUser) throw new NotAllowedError('Only a person can decide a gate');
    const heldRoles = await this.rolesFor(entityRef, actor.ref);
    return this.mutate(entityRef, actor, async ctx => {
      const gate = findGate(ctx.loaded, gateId);
      if (isGateClosed(gate.status)) {
        throw new ConflictError(`Gate ${gateId} is already ${gate.status}`);
      }
      if (gate.status === 'rejected') {
        throw new ConflictError(
          `Gate ${gateId} was rejected; it reopens when its evidence or the record changes`,
        );
      }
      if (actor.ref === gate.requested_by || actor.ref === ctx.loaded.record.requested_by) {
        throw new NotAllowedError(
          `Segregation of duties: ${actor.ref} requested this work and cannot decide gate ${gateId}`,
        );
      }
      const approverRoles = parseList(gate.approver_roles);
      const round = ctx.loaded.decisions.filter(
        d => d.gate_id === gateId && Number(d.round) === Number(gate.round) && !d.stale,
      );
      if (round.some(d => d.decided_by === actor.ref)) {
        throw new ConflictError(`${actor.ref} has already decided gate ${gateId} in this round`);
      }
      const candidates = approverRoles.filter(r => heldRoles.includes(r as Role));
      if (!candidates.length) {
        const holders = JSON.parse(ctx.loaded.record.roles) as RoleHolders;
        throw new NotAllowedError(
          `Gate ${gateId} is decided by ${approverRoles
            .map(r => `${r} (${holders[r as Role]})`)
            .join(' and ')}; ${actor.ref} holds none of these roles`,
        );
      }
      const role = candidates.find(r => !round.some(d => d.role === r));
      if (!role) {
        throw new ConflictError(`Gate ${gateId} already has a decision for ${candidates.join(', ')}`);
      }
      if (body.decision === 'approve') {
        const blockers = gateBlockers(
          gate,
          ctx.loaded.gates,
          ctx.loaded.evidence,
          ctx.loaded.tests,
          new Date(ctx.now),
        );
        const check = this.approvalChecks.get(gateId);
        if (check) blockers.push(...(await check(ctx.tx, entityRef)));
        if (blockers.length) {
          throw new ConflictError(`Gate ${gateId} cannot be approved yet: ${blockers.join('; ')}`);
        }
      }
      const decision: DecisionRow = {
        entity_ref: entityRef,
        gate_id: gateId,
        round: Number(gate.round),
        role,
        decision: body.decision,
        comment: body.comment,
        decided_by: actor.ref,
        decided_at: ctx.now,
        profile_revision: Number(ctx.loaded.record.profile_revision),
        evidence_digest: coveredDigest(gate, ctx.loaded.evidence, ctx.loaded.tests),
        stale: false,
      };
      try {
        await ctx.tx('hip_gate_decisions').insert(decision);
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConflictError(`Gate ${gateId} already has a decision for ${role}`);
        }
        throw e;
      }
      ctx.loaded.decisions.push(decision);
      ctx.audit(`gate.${body.decision}`, gateId, {
        role,
        comment: body.comment,
        round: decision.round,
        profileRevision: decision.profile_revision,
        evidenceDigest: decision.evidence_digest,
      });
      if (body.decision === 'request-changes') {
        await this.reopenGate(ctx, gate, `changes requested by ${actor.ref}: ${body.comment}`);
        return;
      }
      const status = roundOutcome(approverRoles, [...round, decision]);
      await this.setGateStatus(ctx, gate, status);
    });
  }

  async waive(entityRef: string, gateId: string, input: unknown, actor: Actor) {
    const body = parseInput(waiveGateSchema, input);
    const heldRoles = await this.rolesFor(entityRef, actor.ref);
    const waiverRole = this.policy.policy.waiverRole;
    return this.mutate(entityRef, actor, async ctx => {
      const gate = findGate(ctx.loaded, gateId);
      if (!heldRoles.includes(waiverRole)) {
        throw new NotAllowedError(`Only the ${waiverRole} may waive gate ${gateId}`);
      }
      if (actor.ref === ctx.loaded.record.requested_by || actor.ref === gate.requested_by) {
        throw new NotAllowedError('Segregation of duties: the requester cannot waive a gate');
      }
      if (isGateClosed(gate.status)) throw new ConflictError(`Gate ${gateId} is already ${gate.status}`);
      const waiver = { by: actor.ref, at: ctx.now, justification: body.justification };
      await ctx.tx('hip_gates')
        .where({ entity_ref: entityRef, gate_id: gateId })
        .update({ waiver: JSON.stringify(waiver) });
      gate.waiver = JSON.stringify(waiver);
      await this.setGateStatus(ctx, gate, 'waived');
      ctx.audit('gate.waived', gateId, { justification: body.justification });
    });
  }

  // ---------------------------------------------------------------- evidence and tests

  async uploadEvidence(entityRef: string, input: unknown, actor: Actor) {
    let id = '';
    await this.mutate(entityRef, actor, async ctx => {
      id = await this.applyEvidence(ctx, input);
    });
    const status = await this.getStatus(entityRef);
    return status.evidence.find(e => e.id === id)!;
  }

  private async applyEvidence(ctx: MutationContext, input: unknown): Promise<string> {
    const body = parseInput(uploadEvidenceSchema, input);
    const content = body.contentBase64 ? Buffer.from(body.contentBase64, 'base64') : undefined;
    if (content && content.length > MAX_EVIDENCE_BYTES) {
      throw new InputError(`Invalid contentBase64: must decode to at most ${MAX_EVIDENCE_BYTES} bytes`);
    }
    const id = randomUUID();
    if (body.supersedes) {
      const old = ctx.loaded.evidence.find(e => e.id === body.supersedes);
      if (!old) throw new InputError(`Invalid supersedes: no evidence ${body.supersedes} on ${ctx.loaded.record.entity_ref}`);
      if (old.superseded_by) {
        throw new ConflictError(`Evidence ${old.id} was already superseded by ${old.superseded_by}`);
      }
      await ctx.tx('hip_evidence').where({ id: old.id }).update({ superseded_by: id });
      old.superseded_by = id;
    }
    const row: EvidenceRow = {
      id,
      entity_ref: ctx.loaded.record.entity_ref,
      kind: body.kind,
      title: body.title,
      // A link's hash covers the link itself: the pack proves which URL was approved.
      sha256: sha256Hex(content ?? Buffer.from(body.url!, 'utf8')),
      size_bytes: content?.length ?? 0,
      media_type: content ? body.mediaType : 'text/uri-list',
      url: body.url ?? null,
      content: content ?? null,
      uploaded_by: ctx.actor.ref,
      uploaded_at: ctx.now,
      expires_at: body.expiresAt ? new Date(body.expiresAt).toISOString() : null,
      supersedes: body.supersedes ?? null,
      superseded_by: null,
    };
    await ctx.tx('hip_evidence').insert(row);
    ctx.loaded.evidence.push({ ...row, content: undefined });
    ctx.audit('evidence.uploaded', id, {
      kind: row.kind,
      title: row.title,
      sha256: row.sha256,
      sizeBytes: row.size_bytes,
      url: row.url,
      expiresAt: row.expires_at,
      supersedes: row.supersedes,
    });
    await this.reopenStaleApprovals(ctx, `evidence ${row.kind} changed (${row.sha256.slice(0, 12)})`);
    return id;
  }

  async getEvidenceContent(entityRef: string, evidenceId: string) {
    const row = await this.db<EvidenceRow>('hip_evidence')
      .where({ entity_ref: entityRef, id: evidenceId })
      .first();
    if (!row) throw new NotFoundError(`No evidence ${evidenceId} on ${entityRef}`);
    return row;
  }

  async recordTest(entityRef: string, scenario: string, input: unknown, actor: Actor) {
    return this.mutate(entityRef, actor, ctx => this.applyTest(ctx, scenario, input));
  }

  private async applyTest(ctx: MutationContext, scenario: string, input: unknown) {
    if (!(TEST_SCENARIOS as readonly string[]).includes(scenario)) {
      throw new InputError(
        `Invalid scenario: ${scenario}; expected one of ${TEST_SCENARIOS.join(', ')}`,
      );
    }
    const body = parseInput(recordTestSchema, input);
    if (body.evidenceId) {
      const ev = ctx.loaded.evidence.find(e => e.id === body.evidenceId);
      if (!ev) throw new InputError(`Invalid evidenceId: no evidence ${body.evidenceId} on ${ctx.loaded.record.entity_ref}`);
      if (ev.superseded_by) throw new InputError(`Invalid evidenceId: evidence ${ev.id} was superseded`);
    }
    const update = {
      result: body.result,
      evidence_id: body.evidenceId ?? null,
      notes: body.notes ?? null,
      recorded_by: ctx.actor.ref,
      recorded_at: ctx.now,
    };
    await ctx.tx('hip_tests').where({ entity_ref: ctx.loaded.record.entity_ref, scenario }).update(update);
    const test = ctx.loaded.tests.find(t => t.scenario === scenario)!;
    Object.assign(test, update);
    ctx.audit('test.recorded', scenario, {
      result: body.result,
      evidenceId: body.evidenceId,
      notes: body.notes,
    });
    await this.reopenStaleApprovals(ctx, `test ${scenario} recorded as ${body.result}`);
  }

  /**
   * Reopens approved gates whose covered evidence has expired (a lapsed BAA, an access review
   * past its date). Run on a schedule; returns how many gates were reopened.
   */
  async reopenGatesWithExpiredEvidence(): Promise<number> {
    const now = this.clock();
    const expired = await this.db<EvidenceRow>('hip_evidence')
      .whereNull('superseded_by')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', now.toISOString())
      .distinct('entity_ref');
    let reopened = 0;
    for (const { entity_ref } of expired) {
      await this.mutate(entity_ref, { ref: 'system:expiry-sweep', isUser: false }, async ctx => {
        for (const gate of ctx.loaded.gates.filter(g => g.status === 'approved')) {
          const kinds = parseList(gate.evidence_kinds);
          const lapsed = ctx.loaded.evidence.filter(
            e => !e.superseded_by && kinds.includes(e.kind) && isExpired(e, now),
          );
          if (lapsed.length) {
            await this.reopenGate(
              ctx,
              gate,
              `evidence expired: ${lapsed.map(e => `${e.title} (${e.expires_at})`).join(', ')}`,
            );
            reopened++;
          }
        }
      });
    }
    return reopened;
  }

  // ---------------------------------------------------------------- lifecycle

  async moveStage(entityRef: string, input: unknown, actor: Actor) {
    const { to } = parseInput(moveStageSchema, input);
    return this.mutate(entityRef, actor, async ctx => {
      const from = ctx.loaded.record.stage as Stage;
      const target = to as Stage;
      if (!STAGE_TRANSITIONS[from]?.includes(target)) {
        throw new InputError(
          `Invalid to: cannot move from ${from} to ${to}; allowed: ${STAGE_TRANSITIONS[from].join(', ') || 'none'}`,
        );
      }
      if (target === 'change') {
        throw new ConflictError('An integration enters the change stage by opening a change request');
      }
      const blockers = this.stageBlockers(ctx.loaded, from, target);
      if (blockers.length) {
        throw new ConflictError(`Cannot move from ${from} to ${target}: ${blockers.join('; ')}`);
      }
      await this.setStage(ctx, target);
    });
  }

  // ---------------------------------------------------------------- change requests

  async openChangeRequest(entityRef: string, input: unknown, actor: Actor) {
    const body = parseInput(openChangeRequestSchema, input);
    const typePolicy = this.policy.policy.changeTypes[body.type];
    if (body.changeClass === 'standard' && !typePolicy.standardAllowed) {
      throw new InputError(
        `Invalid changeClass: ${body.type} is not pre-authorised as a standard change by policy; use normal or emergency`,
      );
    }
    return this.mutate(entityRef, actor, async ctx => {
      const stage = ctx.loaded.record.stage;
      if (stage !== 'live' && stage !== 'change') {
        throw new ConflictError(`Change requests apply to live integrations; this one is in ${stage}`);
      }
      const open = await ctx.tx<ChangeRequestRow>('hip_change_requests')
        .where({ entity_ref: entityRef })
        .whereNotIn('status', ['closed', 'cancelled'])
        .whereNot('change_class', 'standard');
      if (body.changeClass !== 'standard' && open.length) {
        throw new ConflictError(`Change request ${open[0].id} is still open on ${entityRef}`);
      }
      const id = randomUUID();
      const standard = body.changeClass === 'standard';
      const reopen = standard
        ? []
        : typePolicy.reopens.filter(g => ctx.loaded.gates.some(r => r.gate_id === g));
      const row: ChangeRequestRow = {
        id,
        entity_ref: entityRef,
        type: body.type,
        change_class: body.changeClass,
        status: INITIAL_CHANGE_STATUS[body.changeClass],
        summary: body.summary,
        impact_assessment: body.impactAssessment,
        notify: JSON.stringify(body.notify.map(r => normalizeRef(r, 'user'))),
        reopened_gates: JSON.stringify(reopen),
        requested_by: actor.ref,
        requested_at: ctx.now,
        authorised_by: standard ? 'policy:standard-change' : null,
        authorised_at: standard ? ctx.now : null,
        locked: standard,
        closed_at: null,
      };
      await ctx.tx('hip_change_requests').insert(row);
      ctx.audit('change.opened', id, {
        type: row.type,
        changeClass: row.change_class,
        summary: row.summary,
        impactAssessment: row.impact_assessment,
        notify: JSON.parse(row.notify),
        reopens: reopen,
      });
      if (standard) return;
      for (const gateId of reopen) {
        const gate = findGate(ctx.loaded, gateId);
        await this.reopenGate(ctx, gate, `change request ${id} (${body.type})`, actor.ref);
      }
      const control = deriveGates(this.policy.policy, profileOf(ctx.loaded), 'change-request');
      for (const g of control) {
        const approverRoles =
          body.changeClass === 'emergency' ? g.approverRoles.slice(0, 1) : g.approverRoles;
        await this.upsertTriggeredGate(ctx, { ...g, approverRoles }, actor.ref, `change request ${id}`);
      }
      if (stage === 'live') await this.setStage(ctx, 'change');
    });
  }

  async updateChangeRequest(entityRef: string, changeId: string, input: unknown, actor: Actor) {
    const body = parseInput(updateChangeRequestSchema, input);
    return this.mutate(entityRef, actor, async ctx => {
      const cr = await this.findChangeRequest(ctx, changeId);
      if (cr.locked) {
        throw new ConflictError(
          `Change request ${changeId} was authorised by ${cr.authorised_by} and is locked`,
        );
      }
      const update: Partial<ChangeRequestRow> = {};
      if (body.summary) update.summary = body.summary;
      if (body.impactAssessment) update.impact_assessment = body.impactAssessment;
      if (body.notify) update.notify = JSON.stringify(body.notify.map(r => normalizeRef(r, 'user')));
      await ctx.tx('hip_change_requests').where({ id: changeId }).update(update);
      ctx.audit('change.updated', changeId, body);
    });
  }

  async moveChangeRequest(entityRef: string, changeId: string, input: unknown, actor: Actor) {
    const { to } = parseInput(moveChangeRequestSchema, input);
    return this.mutate(entityRef, actor, async ctx => {
      const cr = await this.findChangeRequest(ctx, changeId);
      const allowed = CHANGE_FLOW[cr.change_class as ChangeClass][cr.status as ChangeStatus] ?? [];
      if (!allowed.includes(to)) {
        throw new InputError(
          `Invalid to: a ${cr.change_class} change in ${cr.status} can move to ${allowed.join(', ') || 'nothing'}`,
        );
      }
      const update: Partial<ChangeRequestRow> = { status: to };
      if (to === 'implement' && cr.change_class !== 'standard') {
        const control = ctx.loaded.gates.find(g => g.gate_id === 'change-control');
        if (control && !isGateClosed(control.status)) {
          throw new ConflictError(`Change ${changeId} is not authorised: change-control is ${control.status}`);
        }
        const approval = ctx.loaded.decisions
          .filter(d => d.gate_id === 'change-control' && !d.stale && d.decision === 'approve')
          .pop();
        update.locked = true;
        update.authorised_by = approval?.decided_by ?? 'policy';
        update.authorised_at = ctx.now;
        if (cr.change_class === 'emergency') {
          const reviews = deriveGates(this.policy.policy, profileOf(ctx.loaded), 'emergency-change');
          for (const g of reviews) {
            await this.upsertTriggeredGate(ctx, g, cr.requested_by, `emergency change ${changeId}`);
          }
        }
      }
      if (to === 'closed') {
        const open = ctx.loaded.gates.filter(g => !isGateClosed(g.status));
        if (cr.change_class !== 'standard' && open.length) {
          throw new ConflictError(
            `Change ${changeId} cannot close while gates are open: ${open.map(g => g.gate_id).join(', ')}`,
          );
        }
        update.closed_at = ctx.now;
      }
      await ctx.tx('hip_change_requests').where({ id: changeId }).update(update);
      ctx.audit('change.moved', changeId, { from: cr.status, to });
      if (to === 'closed' && ctx.loaded.record.stage === 'change') await this.setStage(ctx, 'live');
    });
  }

  // ---------------------------------------------------------------- audit and inbox

  async verifyAudit(entityRef: string) {
    const record = await this.getRecordRow(entityRef);
    if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
    const rows = await this.auditLog.readRows(entityRef);
    return verifyStoredChain(entityRef, rows, {
      seq: Number(record.audit_seq),
      hash: record.audit_head,
    });
  }

  async readAudit(entityRef: string) {
    if (!(await this.getRecordRow(entityRef))) {
      throw new NotFoundError(`No governance record for ${entityRef}`);
    }
    return this.auditLog.read(entityRef);
  }

  /**
   * Open gates awaiting a role the user holds and has not yet decided, oldest first; at most
   * `limit` of them (`hasMore` says whether there are others).
   */
  async inbox(userRef: string, limit = INBOX_DEFAULT_LIMIT): Promise<{ items: InboxItem[]; hasMore: boolean }> {
    const refs = [...(await this.roles.identityRefs(userRef))];
    const now = this.clock().toISOString();
    const rows = await this.db('hip_role_holders as rh')
      .join('hip_gate_roles as gr', j =>
        j.on('gr.entity_ref', 'rh.entity_ref').andOn('gr.role', 'rh.role'),
      )
      .join('hip_gates as g', j =>
        j.on('g.entity_ref', 'gr.entity_ref').andOn('g.gate_id', 'gr.gate_id'),
      )
      .join('hip_integrations as i', 'i.entity_ref', 'g.entity_ref')
      .whereIn('rh.holder_ref', refs)
      .whereIn('g.status', ['pending', 'in-review', 'reopened'])
      .whereNot('g.requested_by', userRef)
      .whereNot('i.requested_by', userRef)
      .whereNotExists(q =>
        q
          .select(this.db.raw('1'))
          .from('hip_gate_decisions as d')
          .whereRaw('d.entity_ref = g.entity_ref and d.gate_id = g.gate_id and d.round = g.round')
          .andWhere(w => w.whereRaw('d.role = gr.role').orWhere('d.decided_by', userRef))
          .andWhere('d.stale', false),
      )
      .select(
        'g.entity_ref',
        'i.title as integration_title',
        'g.gate_id',
        'g.title',
        'g.stage',
        'g.status',
        'gr.role',
        'g.opened_at',
        'g.due_at',
      )
      .orderBy([{ column: 'g.opened_at' }, { column: 'g.entity_ref' }, { column: 'g.gate_id' }])
      // Rows are per role: one more than a page of gates, for each role a gate may list.
      .limit((limit + 1) * 2);
    const items = new Map<string, InboxItem>();
    for (const r of rows) {
      const key = `${r.entity_ref}#${r.gate_id}`;
      const existing = items.get(key);
      if (existing) {
        existing.roles.push(r.role);
        continue;
      }
      items.set(key, {
        entityRef: r.entity_ref,
        title: r.integration_title,
        gateId: r.gate_id,
        gateTitle: r.title,
        stage: r.stage,
        status: r.status,
        roles: [r.role],
        openedAt: r.opened_at,
        dueAt: r.due_at,
        overdue: r.due_at < now,
      });
    }
    const all = [...items.values()];
    return { items: all.slice(0, limit), hasMore: all.length > limit };
  }

  async rolesFor(entityRef: string, userRef: string): Promise<Role[]> {
    const record = await this.getRecordRow(entityRef);
    if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
    return this.roles.rolesOf(userRef, JSON.parse(record.roles));
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
    let q = tx<IntegrationRow>('hip_integrations').where({ entity_ref: entityRef });
    if (tx.client.config.client === 'pg') q = q.forUpdate();
    const row = await q.first();
    if (!row) throw new NotFoundError(`No governance record for ${entityRef}`);
    return this.auditLog.append(
      tx,
      { entityRef, seq: Number(row.audit_seq), hash: row.audit_head },
      entries,
      now,
    );
  }

  /** The health rollup from the stored (time-independent) health and the silence window. */
  private effectiveHealth(row: IntegrationRow, now: string) {
    const stored = (row as { health?: string }).health ?? 'unknown';
    return rollUpHealth({
      stage: row.stage,
      openSeverities: stored === 'down' ? ['critical'] : stored === 'degraded' ? ['error'] : [],
      lastSignalAt: (row as { last_signal_at?: string | null }).last_signal_at,
      now: new Date(now),
      silenceWindowHours: this.policy.policy.monitoring.silenceWindowHours,
    }).health;
  }

  /** The same rules as `effectiveHealth`, as a query filter. */
  private whereHealth(b: Knex.QueryBuilder, health: string, now: string) {
    const cutoff = new Date(
      Date.parse(now) - this.policy.policy.monitoring.silenceWindowHours * 3_600_000,
    ).toISOString();
    const live = ['live', 'change'];
    if (health === 'down' || health === 'degraded') b.where('health', health);
    if (health === 'healthy') {
      b.where('health', 'healthy').whereIn('stage', live).where('last_signal_at', '>=', cutoff);
    }
    if (health === 'unknown') {
      b.where(w =>
        w
          .where('health', 'unknown')
          .orWhere(h =>
            h
              .where('health', 'healthy')
              .andWhere(x =>
                x
                  .whereNotIn('stage', live)
                  .orWhereNull('last_signal_at')
                  .orWhere('last_signal_at', '<', cutoff),
              ),
          ),
      );
    }
  }

  // ---------------------------------------------------------------- internals

  /** Runs one mutation under the record's row lock and chains its audit events. */
  private async mutate(
    entityRef: string,
    actor: Actor,
    fn: (ctx: MutationContext) => Promise<void>,
  ): Promise<GovernanceStatus> {
    let events: AuditEvent[] = [];
    await this.db.transaction(async tx => {
      const loaded = await this.load(tx, entityRef, true);
      const ctx = new MutationContext(tx, loaded, actor, this.clock().toISOString());
      await fn(ctx);
      if (!ctx.entries.length) return;
      await tx('hip_integrations').where({ entity_ref: entityRef }).update({ updated_at: ctx.now });
      await this.refreshSummary(tx, entityRef, loaded.gates);
      events = await this.auditLog.append(
        tx,
        { entityRef, seq: Number(loaded.record.audit_seq), hash: loaded.record.audit_head },
        ctx.entries,
        ctx.now,
      );
    });
    this.onAudit(events);
    return this.getStatus(entityRef);
  }

  private async load(db: Knex | Knex.Transaction, entityRef: string, lock = false): Promise<Loaded> {
    let q = db<IntegrationRow>('hip_integrations').where({ entity_ref: entityRef });
    // SQLite serialises writers itself and has no row locks.
    if (lock && db.client.config.client === 'pg') q = q.forUpdate();
    const record = await q.first();
    if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
    const [gates, decisions, evidence, tests] = await Promise.all([
      db<GateRow>('hip_gates').where({ entity_ref: entityRef }),
      db<DecisionRow>('hip_gate_decisions').where({ entity_ref: entityRef }).orderBy('id'),
      db<EvidenceRow>('hip_evidence')
        .where({ entity_ref: entityRef })
        .select(EVIDENCE_COLUMNS)
        .orderBy('uploaded_at') as unknown as Promise<EvidenceRow[]>,
      db<TestRow>('hip_tests').where({ entity_ref: entityRef }),
    ]);
    const order = new Map(this.policy.policy.gates.map((g, i) => [g.id, i]));
    gates.sort((a, b) => (order.get(a.gate_id) ?? 99) - (order.get(b.gate_id) ?? 99));
    return { record, gates, decisions, evidence, tests };
  }

  private buildStatus(loaded: Loaded, changeRequests: ChangeRequestRow[]): GovernanceStatus {
    const now = this.clock();
    const record = toRecord(loaded.record);
    const nextStage = NEXT_STAGE[record.stage];
    return {
      record,
      gates: loaded.gates.map(g =>
        toGate(
          g,
          loaded.decisions.filter(d => d.gate_id === g.gate_id),
          gateBlockers(g, loaded.gates, loaded.evidence, loaded.tests, now),
        ),
      ),
      evidence: loaded.evidence.map(e => toEvidence(e, now)),
      tests: TEST_SCENARIOS.map(s => loaded.tests.find(t => t.scenario === s)!)
        .filter(Boolean)
        .map(toTest),
      changeRequests: changeRequests.map(toChangeRequest),
      nextStage,
      blockers: nextStage ? this.stageBlockers(loaded, record.stage, nextStage) : [],
      auditHead: { seq: Number(loaded.record.audit_seq), hash: loaded.record.audit_head },
    };
  }

  /** Leaving a stage needs its gates closed; going live needs every gate closed. */
  private stageBlockers(loaded: Loaded, from: Stage, to: Stage): string[] {
    if (to === 'retired' || (STAGES_ORDER[to] ?? 0) < (STAGES_ORDER[from] ?? 0)) return [];
    const guarding = loaded.gates.filter(
      g => !isGateClosed(g.status) && (to === 'live' || g.stage === from),
    );
    return guarding.map(g => `gate "${g.title}" is ${g.status}`);
  }

  private async setStage(ctx: MutationContext, to: Stage) {
    const from = ctx.loaded.record.stage;
    await ctx.tx('hip_integrations').where({ entity_ref: ctx.loaded.record.entity_ref }).update({ stage: to });
    ctx.loaded.record.stage = to;
    ctx.audit('stage.moved', ctx.loaded.record.entity_ref, { from, to });
  }

  private async setGateStatus(ctx: MutationContext, gate: GateRow, status: GateRow['status']) {
    if (gate.status === status) return;
    await ctx.tx('hip_gates')
      .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
      .update({ status });
    ctx.audit('gate.status', gate.gate_id, { from: gate.status, to: status });
    gate.status = status;
  }

  /** Starts a new review round: earlier decisions go stale, the gate shows why. */
  private async reopenGate(ctx: MutationContext, gate: GateRow, reason: string, requestedBy?: string) {
    const round = Number(gate.round) + 1;
    const update = {
      status: 'reopened' as const,
      round,
      reopen_reason: reason,
      opened_at: ctx.now,
      due_at: addDays(ctx.now, Number(gate.sla_days)),
      waiver: null,
      ...(requestedBy ? { requested_by: requestedBy } : {}),
    };
    await ctx.tx('hip_gates').where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id }).update(update);
    await ctx.tx('hip_gate_decisions')
      .where({ entity_ref: gate.entity_ref, gate_id: gate.gate_id })
      .update({ stale: true });
    ctx.loaded.decisions
      .filter(d => d.gate_id === gate.gate_id)
      .forEach(d => {
        d.stale = true;
      });
    ctx.audit('gate.reopened', gate.gate_id, { from: gate.status, round, reason });
    Object.assign(gate, update);
  }

  /**
   * An approval is bound to the profile revision and covered-evidence digest it saw. Any gate
   * whose live decisions saw something else goes back for review; a rejected gate reopens when
   * what it covers changes, so the requester can answer the rejection.
   */
  private async reopenStaleApprovals(ctx: MutationContext, reason: string) {
    const revision = Number(ctx.loaded.record.profile_revision);
    for (const gate of ctx.loaded.gates) {
      if (gate.status === 'waived' || gate.status === 'not-required') continue;
      const live = ctx.loaded.decisions.filter(
        d => d.gate_id === gate.gate_id && Number(d.round) === Number(gate.round) && !d.stale,
      );
      if (!live.length) continue;
      const digest = coveredDigest(gate, ctx.loaded.evidence, ctx.loaded.tests);
      const stale = live.some(
        d => Number(d.profile_revision) !== revision || d.evidence_digest !== digest,
      );
      if (stale) await this.reopenGate(ctx, gate, `approval stale: ${reason}`);
    }
  }

  /** A profile change can bring new gates into scope (e.g. PHI added); they start pending. */
  private async addNewlyRequiredGates(ctx: MutationContext, profile: IntegrationProfile) {
    const existing = new Set(ctx.loaded.gates.map(g => g.gate_id));
    for (const g of deriveGates(this.policy.policy, profile)) {
      if (existing.has(g.id)) continue;
      const row = newGateRow(ctx.loaded.record.entity_ref, g, ctx.now, ctx.loaded.record.requested_by);
      await this.insertGate(ctx.tx, row);
      ctx.loaded.gates.push(row);
      ctx.audit('gate.added', g.id, { reason: 'profile now matches the policy predicate' });
    }
  }

  private async upsertTriggeredGate(
    ctx: MutationContext,
    policy: GatePolicy,
    requestedBy: string,
    reason: string,
  ) {
    const existing = ctx.loaded.gates.find(g => g.gate_id === policy.id);
    if (existing) {
      await ctx.tx('hip_gate_roles').where({ entity_ref: existing.entity_ref, gate_id: policy.id }).delete();
      await ctx.tx('hip_gate_roles').insert(
        policy.approverRoles.map(role => ({ entity_ref: existing.entity_ref, gate_id: policy.id, role })),
      );
      await ctx.tx('hip_gates')
        .where({ entity_ref: existing.entity_ref, gate_id: policy.id })
        .update({ approver_roles: JSON.stringify(policy.approverRoles) });
      existing.approver_roles = JSON.stringify(policy.approverRoles);
      await this.reopenGate(ctx, existing, reason, requestedBy);
      return;
    }
    const row = newGateRow(ctx.loaded.record.entity_ref, policy, ctx.now, requestedBy);
    await this.insertGate(ctx.tx, row);
    ctx.loaded.gates.push(row);
    ctx.audit('gate.added', policy.id, { reason });
  }

  private async insertGate(tx: Knex.Transaction, row: GateRow) {
    await tx('hip_gates').insert(row);
    await tx('hip_gate_roles').insert(
      parseList(row.approver_roles).map(role => ({
        entity_ref: row.entity_ref,
        gate_id: row.gate_id,
        role,
      })),
    );
  }

  private async writeRoleHolders(tx: Knex.Transaction, entityRef: string, roles: RoleHolders) {
    await tx('hip_role_holders').where({ entity_ref: entityRef }).delete();
    await tx('hip_role_holders').insert(
      ROLES.map(role => ({ entity_ref: entityRef, role, holder_ref: roles[role] })),
    );
  }

  /** Keeps the portfolio's denormalised counts current inside the mutation's transaction. */
  private async refreshSummary(tx: Knex.Transaction, entityRef: string, gates: GateRow[]) {
    const open = gates.filter(g => !isGateClosed(g.status));
    await tx('hip_integrations')
      .where({ entity_ref: entityRef })
      .update({
        gates_required: gates.filter(g => g.status !== 'not-required').length,
        gates_closed: gates.filter(g => g.status === 'approved' || g.status === 'waived').length,
        earliest_due_at: open.length ? open.map(g => g.due_at).sort()[0] : null,
      });
  }

  private async overdueCounts(refs: string[], now: string) {
    const counts = new Map<string, number>();
    if (!refs.length) return counts;
    const rows = await this.db('hip_gates')
      .whereIn('entity_ref', refs)
      .whereNotIn('status', ['approved', 'waived', 'not-required'])
      .where('due_at', '<', now)
      .groupBy('entity_ref')
      .select('entity_ref')
      .count({ n: '*' });
    rows.forEach((r: any) => counts.set(String(r.entity_ref), Number(r.n)));
    return counts;
  }

  private async findChangeRequest(ctx: MutationContext, changeId: string) {
    const cr = await ctx.tx<ChangeRequestRow>('hip_change_requests')
      .where({ id: changeId, entity_ref: ctx.loaded.record.entity_ref })
      .first();
    if (!cr) throw new NotFoundError(`No change request ${changeId} on ${ctx.loaded.record.entity_ref}`);
    return cr;
  }
}

const STATUS_CACHE_MS = 5_000;
const INBOX_DEFAULT_LIMIT = 100;
const STATUS_CACHE_ENTRIES = 2_000;

const STAGES_ORDER: Partial<Record<Stage, number>> = {
  intake: 0,
  design: 1,
  build: 2,
  test: 3,
  ready: 4,
  live: 5,
  change: 5,
};


function newGateRow(entityRef: string, g: GatePolicy, now: string, requestedBy: string): GateRow {
  return {
    entity_ref: entityRef,
    gate_id: g.id,
    title: g.title,
    description: g.description ?? '',
    stage: g.stage,
    status: 'pending',
    approver_roles: JSON.stringify(g.approverRoles),
    evidence_kinds: JSON.stringify(g.evidenceKinds ?? []),
    requires: JSON.stringify(g.requires ?? []),
    requires_test_matrix: g.requiresTestMatrix ?? false,
    sla_days: g.slaDays,
    round: 1,
    opened_at: now,
    due_at: addDays(now, g.slaDays),
    requested_by: requestedBy,
    reopen_reason: null,
    waiver: null,
  };
}

function findGate(loaded: Loaded, gateId: string) {
  const gate = loaded.gates.find(g => g.gate_id === gateId);
  if (!gate) {
    throw new NotFoundError(
      `Gate ${gateId} does not apply to ${loaded.record.entity_ref}; its gates are ${loaded.gates
        .map(g => g.gate_id)
        .join(', ')}`,
    );
  }
  return gate;
}

function profileOf(loaded: Loaded): IntegrationProfile {
  return JSON.parse(loaded.record.profile);
}

function normalizeProfile(profile: IntegrationProfile): IntegrationProfile {
  return {
    ...profile,
    sourceSystem: normalizeRef(profile.sourceSystem, 'component'),
    destinationSystem: normalizeRef(profile.destinationSystem, 'component'),
  };
}

function normalizeRoles(roles: RoleHolders): RoleHolders {
  return Object.fromEntries(
    ROLES.map(r => [r, normalizeRef(roles[r], 'group')]),
  ) as RoleHolders;
}

function isUniqueViolation(e: unknown) {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(err?.message ?? '')
  );
}

function encodeCursor(ref: string) {
  return Buffer.from(ref, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string) {
  const ref = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ref.includes(':')) throw new InputError('Invalid cursor: not a cursor this API returned');
  return ref;
}
