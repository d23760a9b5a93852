import type { Knex } from 'knex';
import {
  isGateClosed,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type {
  ChangeNotificationRow,
  ChangeRequestRow,
  DecisionRow,
  EvidenceRow,
  GateRow,
  IntegrationRow,
  TestRow,
} from '../database/rows';
import { EVIDENCE_COLUMNS, inPolicyOrder } from './MutationContext';
import { addCheckBlockers, assembleStatus } from './status';
import type { ApprovalCheck, BatchedApprovalCheck, EngineDeps } from './types';

/** Records per query: well under SQLite's limit of bound parameters. */
const CHUNK = 500;

function groupBy<T extends { entity_ref: string }>(rows: T[]) {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.entity_ref);
    if (list) list.push(row);
    else out.set(row.entity_ref, [row]);
  }
  return (ref: string) => out.get(ref) ?? [];
}

function isBatched(check: ApprovalCheck): check is BatchedApprovalCheck {
  return 'blockersOfMany' in check;
}

/**
 * What each approval check says about each record whose checked gate is open: batched checks
 * answer once for all, others record by record.
 */
async function checkAnswers(
  deps: EngineDeps,
  db: Knex,
  statuses: GovernanceStatus[],
): Promise<Map<ApprovalCheck, Map<string, string[]>>> {
  const answers = new Map<ApprovalCheck, Map<string, string[]>>();
  for (const [gateId, checks] of deps.approvalChecks) {
    const refs = statuses
      .filter(s =>
        s.gates.some(g => g.id === gateId && !isGateClosed(g.status)),
      )
      .map(s => s.record.entityRef);
    if (!refs.length) continue;
    for (const check of checks) {
      const answer = answers.get(check) ?? new Map<string, string[]>();
      answers.set(check, answer);
      if (isBatched(check)) {
        const many = await check.blockersOfMany({ entityRefs: refs, db });
        many.forEach((blockers, ref) => answer.set(ref, blockers));
      } else {
        for (const entityRef of refs)
          answer.set(entityRef, await check.blockers({ entityRef, db }));
      }
    }
  }
  return answers;
}

/** The statuses of up to CHUNK records: one query per table. */
async function readChunk(
  deps: EngineDeps,
  db: Knex,
  refs: string[],
): Promise<GovernanceStatus[]> {
  const [
    records,
    gates,
    decisions,
    evidence,
    tests,
    changeRequests,
    changeNotifications,
  ] = await Promise.all([
    db<IntegrationRow>('hip_integrations').whereIn('entity_ref', refs),
    db<GateRow>('hip_gates').whereIn('entity_ref', refs),
    db<DecisionRow>('hip_gate_decisions')
      .whereIn('entity_ref', refs)
      .orderBy('id'),
    db<EvidenceRow>('hip_evidence')
      .whereIn('entity_ref', refs)
      .select(EVIDENCE_COLUMNS)
      .orderBy('uploaded_at') as unknown as Promise<EvidenceRow[]>,
    db<TestRow>('hip_tests').whereIn('entity_ref', refs),
    db<ChangeRequestRow>('hip_change_requests')
      .whereIn('entity_ref', refs)
      .orderBy('requested_at', 'desc'),
    db<ChangeNotificationRow>('hip_change_notifications')
      .whereIn('entity_ref', refs)
      .orderBy('id'),
  ]);
  const of = {
    gates: groupBy(gates),
    decisions: groupBy(decisions),
    evidence: groupBy(evidence),
    tests: groupBy(tests),
    changeRequests: groupBy(changeRequests),
    changeNotifications: groupBy(changeNotifications),
  };
  const statuses = records.map(record => {
    const ref = record.entity_ref;
    return assembleStatus(deps, {
      loaded: {
        record,
        gates: inPolicyOrder(deps, of.gates(ref)),
        decisions: of.decisions(ref),
        evidence: of.evidence(ref),
        tests: of.tests(ref),
      },
      changeRequests: of.changeRequests(ref),
      changeNotifications: of.changeNotifications(ref),
    });
  });
  const answers = await checkAnswers(deps, db, statuses);
  for (const status of statuses) {
    await addCheckBlockers(
      deps,
      status,
      check => answers.get(check)?.get(status.record.entityRef) ?? [],
    );
  }
  return statuses;
}

/**
 * The statuses of many records for the lists (inbox, portfolio), read fresh in a few queries
 * per 500 records and assembled as the single read does (StatusReader.getStatus), without
 * `recordChanges` (the lists' rules do not read them). Records that do not exist are absent.
 */
export async function readStatuses(
  deps: EngineDeps,
  entityRefs: readonly string[],
): Promise<Map<string, GovernanceStatus>> {
  const out = new Map<string, GovernanceStatus>();
  const refs = [...new Set(entityRefs)];
  for (let i = 0; i < refs.length; i += CHUNK) {
    const chunk = await readChunk(deps, deps.db, refs.slice(i, i + CHUNK));
    for (const status of chunk) out.set(status.record.entityRef, status);
  }
  return out;
}
