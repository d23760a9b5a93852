import type { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import {
  NEXT_STAGE,
  TEST_SCENARIOS,
  gateBlockers,
  isGateClosed,
  stageBlockers,
  type Gate,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  ChangeNotificationRow,
  ChangeRequestRow,
  DecisionRow,
  GateRow,
  IntegrationRow,
  RecordChangeDecisionRow,
  RecordChangeRow,
  toChangeNotification,
  toChangeRequest,
  toDecision,
  toEvidence,
  toRecord,
  toRecordChange,
  toTest,
} from '../database/rows';
import { evidenceFacts, gateFacts, parseList, testFacts } from './gateOps';
import type { ApprovalCheck } from '@hcig/backstage-plugin-healthcare-integration-node';
import { allQueries } from '../lib/allQueries';
import { loadRecord } from './MutationContext';
import type { EngineDeps, Loaded } from './types';

const STATUS_CACHE_MS = 5_000;
const STATUS_CACHE_ENTRIES = 2_000;

function toGate(
  deps: EngineDeps,
  row: GateRow,
  decisions: DecisionRow[],
  blockers: string[],
): Gate {
  const policy = deps.policy.policy.gates.find(g => g.id === row.gate_id);
  return {
    id: row.gate_id,
    title: row.title,
    description: row.description,
    stage: row.stage as Gate['stage'],
    status: row.status,
    approverRoles: parseList(row.approver_roles) as Gate['approverRoles'],
    evidenceKinds: parseList(row.evidence_kinds) as Gate['evidenceKinds'],
    requires: parseList(row.requires),
    requiresTestMatrix: Boolean(row.requires_test_matrix),
    slaDays: Number(row.sla_days),
    openedAt: row.opened_at,
    dueAt: row.due_at,
    requestedBy: row.requested_by,
    decisions: decisions
      .filter(d => d.gate_id === row.gate_id)
      .sort((a, b) => a.decided_at.localeCompare(b.decided_at))
      .map(toDecision),
    waiver: row.waiver ? JSON.parse(row.waiver) : undefined,
    waivable: policy?.waivable !== false,
    waiverCoApproverRole: policy?.waiverCoApproverRole,
    reopenReason: row.reopen_reason ?? undefined,
    blockers: isGateClosed(row.status) ? [] : blockers,
  };
}

/** Reads the governance status of a record (what the entity tab shows), with a short cache. */
export class StatusReader {
  private readonly cache = new Map<
    string,
    { key: string; at: number; json: string }
  >();

  constructor(private readonly deps: EngineDeps) {}

  async getStatus(
    entityRef: string,
    db: Knex | Knex.Transaction = this.deps.db,
  ): Promise<GovernanceStatus> {
    const loaded = await loadRecord(this.deps, db, entityRef);
    const [
      changeRequests,
      recordChanges,
      recordChangeDecisions,
      changeNotifications,
    ] = await allQueries(db, [
      db<ChangeRequestRow>('hip_change_requests')
        .where({ entity_ref: entityRef })
        .orderBy('requested_at', 'desc'),
      db<RecordChangeRow>('hip_record_changes')
        .where({ entity_ref: entityRef })
        .orderBy('proposed_at', 'desc')
        .limit(20),
      db<RecordChangeDecisionRow>('hip_record_change_decisions')
        .join(
          'hip_record_changes as c',
          'c.id',
          'hip_record_change_decisions.change_id',
        )
        .where('c.entity_ref', entityRef)
        .select('hip_record_change_decisions.*')
        .orderBy('hip_record_change_decisions.id'),
      db<ChangeNotificationRow>('hip_change_notifications')
        .where({ entity_ref: entityRef })
        .orderBy('id'),
    ]);
    const status = assembleStatus(this.deps, {
      loaded,
      changeRequests,
      changeNotifications,
    });
    status.recordChanges = recordChanges.map(r =>
      toRecordChange(r, recordChangeDecisions),
    );
    await addCheckBlockers(this.deps, status, check =>
      check.blockers({ entityRef, db }),
    );
    return status;
  }

  /**
   * The status as JSON text, served from a small per-instance cache while the record's audit
   * head and update time are unchanged (every mutation moves them, on any instance) and for at
   * most a few seconds (expiry of evidence is time-based). One primary-key read per hit.
   */
  async getStatusJson(entityRef: string): Promise<string> {
    const head = await this.deps
      .db<IntegrationRow>('hip_integrations')
      .where({ entity_ref: entityRef })
      .first('audit_seq', 'updated_at');
    if (!head) throw new NotFoundError(`No governance record for ${entityRef}`);
    const key = `${head.audit_seq}|${head.updated_at}`;
    const cached = this.cache.get(entityRef);
    if (
      cached &&
      cached.key === key &&
      Date.now() - cached.at < STATUS_CACHE_MS
    )
      return cached.json;
    const json = JSON.stringify(await this.getStatus(entityRef));
    if (this.cache.size >= STATUS_CACHE_ENTRIES) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(entityRef, { key, at: Date.now(), json });
    return json;
  }
}

/** One record's rows a status is assembled from. */
interface StatusRows {
  loaded: Loaded;
  /** Newest first. */
  changeRequests: ChangeRequestRow[];
  changeNotifications: ChangeNotificationRow[];
}

/**
 * Assembles a record's status from its rows: the one assembly the single read and the lists'
 * batched read share. Leaves out `recordChanges` (the caller adds them) and the approval
 * checks' blockers (addCheckBlockers).
 */
export function assembleStatus(
  deps: EngineDeps,
  rows: StatusRows,
): GovernanceStatus {
  const { loaded, changeRequests, changeNotifications } = rows;
  const now = deps.clock();
  const record = toRecord(loaded.record);
  const nextStage = NEXT_STAGE[record.stage];
  const facts = loaded.gates.map(gateFacts);
  const evidence = loaded.evidence.map(evidenceFacts);
  const tests = loaded.tests.map(testFacts);
  const status: GovernanceStatus = {
    record,
    gates: loaded.gates.map((g, i) =>
      toGate(
        deps,
        g,
        loaded.decisions.filter(d => d.gate_id === g.gate_id),
        gateBlockers(facts[i], facts, evidence, tests, now),
      ),
    ),
    evidence: loaded.evidence.map(e => toEvidence(e, now)),
    tests: TEST_SCENARIOS.map(s => loaded.tests.find(t => t.scenario === s)!)
      .filter(Boolean)
      .map(toTest),
    changeRequests: changeRequests.map(toChangeRequest),
    nextStage,
    blockers: nextStage
      ? stageBlockers(loaded.gates, record.stage, nextStage)
      : [],
    auditHead: {
      seq: Number(loaded.record.audit_seq),
      hash: loaded.record.audit_head,
    },
  };
  for (const change of status.changeRequests) {
    change.notifications = changeNotifications
      .filter(n => n.change_id === change.id)
      .map(toChangeNotification);
  }
  return status;
}

/**
 * Adds the approval checks' blockers to the status's open gates, in gate then registration
 * order; `blockersOf` answers one check for this record.
 */
export async function addCheckBlockers(
  deps: EngineDeps,
  status: GovernanceStatus,
  blockersOf: (check: ApprovalCheck) => Promise<string[]> | string[],
): Promise<void> {
  for (const gate of status.gates) {
    if (isGateClosed(gate.status)) continue;
    for (const check of deps.approvalChecks.get(gate.id) ?? [])
      gate.blockers.push(...(await blockersOf(check)));
  }
}
