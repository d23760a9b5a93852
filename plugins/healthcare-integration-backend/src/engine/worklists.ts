import {
  gateDecision,
  nextRemaining,
  remainingWork,
  type GovernanceStatus,
  type RemainingItem,
  type InboxItem,
  type PortfolioPage,
  type Role,
  type WaitingOn,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { listInbox, type InboxCandidate } from '../queries/inbox';
import type { RecordFilter } from '../permissions/recordFilter';
import type { EngineDeps } from './types';

/** The statuses of many records at once (engine/statusBatch.ts); missing records are absent. */
type ReadStatuses = (
  entityRefs: string[],
) => Promise<Map<string, GovernanceStatus>>;

/**
 * What the inbox and the portfolio say about a record beyond its row, derived from its
 * governance status with the shared rules (remainingWork, gateDecision) the tab uses, so the
 * lists and the tab cannot disagree.
 */

/** The gate's blockers as remainingWork words them ("Security review", "the test matrix"). */
function blockersOf(work: RemainingItem[], gateId: string): string[] {
  return work.find(i => i.key === `gate:${gateId}`)?.blockedBy ?? [];
}

/**
 * An inbox item with whether it can be acted on now and whether the caller may decide it
 * (`permitted`: the permission framework's answer for deciding on this record).
 */
function inboxItemOf(
  candidate: InboxCandidate,
  status: GovernanceStatus,
  work: RemainingItem[],
  actor: { ref: string; roles: readonly Role[] },
  permitted: boolean,
): InboxItem {
  const gate = status.gates.find(g => g.id === candidate.gateId);
  const blockedBy = gate ? blockersOf(work, gate.id) : [];
  const decision = gate
    ? gateDecision({
        gate,
        recordRequester: status.record.requestedBy,
        // A reopen marks earlier rounds' decisions stale.
        roundDecisions: gate.decisions.filter(d => !d.stale),
        actor: { ref: actor.ref, isUser: true, roles: actor.roles },
        holders: status.record.roles,
      })
    : undefined;
  return {
    ...candidate,
    integrationStage: status.record.stage,
    actionable: !!gate && blockedBy.length === 0,
    blockedBy,
    canDecide: permitted && !!decision && 'role' in decision,
  };
}

/** Actionable first, then overdue, then the earliest due date; ties oldest first. */
function compareInboxItems(a: InboxItem, b: InboxItem): number {
  return (
    Number(b.actionable) - Number(a.actionable) ||
    Number(b.overdue) - Number(a.overdue) ||
    a.dueAt.localeCompare(b.dueAt) ||
    a.openedAt.localeCompare(b.openedAt) ||
    a.entityRef.localeCompare(b.entityRef) ||
    a.gateId.localeCompare(b.gateId)
  );
}

/** Who holds the record now: the party of the first remaining item nothing blocks. */
function waitingOnOf(
  status: GovernanceStatus,
  now: Date,
): WaitingOn | undefined {
  const next = nextRemaining(remainingWork({ status, now }));
  if (!next) return undefined;
  return {
    party: next.party,
    partyLabel: next.partyLabel,
    holders: next.holders,
    text: next.text,
  };
}

/** The portfolio page with each record's `waitingOn`. */
export async function withWaitingOn(
  page: PortfolioPage,
  readStatuses: ReadStatuses,
  now: Date,
): Promise<PortfolioPage> {
  const statuses = await readStatuses(page.items.map(i => i.entityRef));
  for (const item of page.items) {
    const status = statuses.get(item.entityRef);
    const waitingOn = status && waitingOnOf(status, now);
    if (waitingOn) item.waitingOn = waitingOn;
  }
  return page;
}

/**
 * The reviewer inbox: every open gate awaiting the user, ordered by the rules (actionable
 * first, then overdue, then due date) and cut to `limit`. `mayDecide` answers, per record,
 * whether the permission framework lets the user decide there.
 */
export async function buildInbox(
  deps: EngineDeps,
  readStatuses: ReadStatuses,
  options: {
    userRef: string;
    limit: number;
    mayDecide: (entityRefs: string[]) => Promise<Set<string>>;
    permissionFilter?: RecordFilter;
  },
): Promise<{ items: InboxItem[]; hasMore: boolean }> {
  const { userRef, limit } = options;
  const now = deps.clock();
  const identities = [...(await deps.roles.identityRefs(userRef))];
  const candidates = await listInbox(
    deps.db,
    userRef,
    identities,
    now.toISOString(),
    options.permissionFilter,
  );
  const byRecord = new Map<string, InboxCandidate[]>();
  for (const c of candidates) {
    const list = byRecord.get(c.entityRef);
    if (list) list.push(c);
    else byRecord.set(c.entityRef, [c]);
  }
  const records = [...byRecord.keys()];
  const [permitted, statuses] = records.length
    ? await Promise.all([options.mayDecide(records), readStatuses(records)])
    : [new Set<string>(), new Map<string, GovernanceStatus>()];
  const items: InboxItem[] = [];
  for (const [ref, recordCandidates] of byRecord) {
    const status = statuses.get(ref);
    // Deleted between the two reads: nothing left to decide there.
    if (!status) continue;
    const roles = await deps.roles.rolesOf(userRef, status.record.roles);
    const work = remainingWork({ status, now });
    for (const c of recordCandidates) {
      items.push(
        inboxItemOf(
          c,
          status,
          work,
          { ref: userRef, roles },
          permitted.has(ref),
        ),
      );
    }
  }
  items.sort(compareInboxItems);
  return { items: items.slice(0, limit), hasMore: items.length > limit };
}
