import {
  CHANGE_CLASS_LABELS,
  CHANGE_TYPE_LABELS,
  ROLE_LABELS,
  labelOf,
  nameOfRef,
  type AuditEvent,
  type Gate,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { NameOf } from '../engine/PersonNames';
import type { ChangeEvent, Notice } from './notice';
import {
  earlierDeciders,
  owners,
  requesters,
  unique,
  waitingApprovers,
} from './recipients';
import { TOPICS, governanceLink } from './topics';

/**
 * The notices one committed mutation calls for, from the audit events it appended and the
 * record's status after it. Pure: the dispatcher claims and sends what this returns.
 */

/** Gate statuses in which a gate waits for its approvers (what the inbox lists). */
export const OPEN_GATE_STATUSES: readonly string[] = [
  'pending',
  'in-review',
  'reopened',
];

const DECISION_WORDS: Record<string, string> = {
  'gate.approve': 'approved',
  'gate.reject': 'rejected',
  'gate.request-changes': 'sent back with changes requested',
};

/** Users who acted in these events: not told of their own action. */
function actorsOf(events: AuditEvent[]): string[] {
  return unique(events.map(e => e.actor).filter(a => a.startsWith('user:')));
}

/**
 * A gate is actionable when it is open and nothing blocks a decision (prerequisite gates,
 * evidence, tests, module checks): its undecided approvers are told once per review round
 * (the round starts at `openedAt`), whichever mutation unblocked it.
 */
export function actionableNotices(
  status: GovernanceStatus,
  exclude: string[],
  skip: ReadonlySet<string> = new Set(),
): Notice[] {
  const ref = status.record.entityRef;
  return status.gates
    .filter(
      g =>
        OPEN_GATE_STATUSES.includes(g.status) &&
        !g.blockers.length &&
        !skip.has(g.id),
    )
    .map(gate => ({
      rule: 'gate-actionable' as const,
      key: `gate-actionable|${ref}|${gate.id}|${gate.openedAt}`,
      entityRef: ref,
      recipients: waitingApprovers(status, gate),
      // The requesters may not decide their own gate; the actor has just seen it.
      exclude: unique([...exclude, ...requesters(status, gate)]),
      payload: {
        title: `${status.record.title}: ${gate.title} is waiting for your review`,
        description: `Due ${gate.dueAt.slice(
          0,
          10,
        )}; approvers: ${gate.approverRoles
          .map(r => labelOf(ROLE_LABELS, r))
          .join(', ')}.`,
        link: governanceLink(ref, { gate: gate.id }),
        topic: TOPICS.gateActionable,
        severity: 'normal' as const,
        scope: `gate:${ref}:${gate.id}`,
      },
    }))
    .filter(n => n.recipients.length);
}

function findGate(status: GovernanceStatus, id: string): Gate | undefined {
  return status.gates.find(g => g.id === id);
}

function decisionNotice(
  status: GovernanceStatus,
  event: AuditEvent,
  nameOf: NameOf,
): Notice | undefined {
  const gate = findGate(status, event.subject);
  const ref = status.record.entityRef;
  const comment = String(event.payload.comment ?? '');
  return {
    rule: 'decision',
    key: `decision|${ref}|${event.seq}`,
    entityRef: ref,
    recipients: unique([...requesters(status, gate), ...owners(status)]),
    exclude: [event.actor],
    payload: {
      title: `${status.record.title}: ${gate?.title ?? event.subject} ${
        DECISION_WORDS[event.action]
      }`,
      description: `By ${nameOf(event.actor)} (${labelOf(
        ROLE_LABELS,
        String(event.payload.role),
      )})${comment ? `: ${comment}` : ''}`,
      link: governanceLink(ref, { gate: event.subject }),
      topic: TOPICS.decision,
      severity: event.action === 'gate.approve' ? 'normal' : 'high',
      scope: `gate:${ref}:${event.subject}`,
    },
  };
}

function reopenedNotice(status: GovernanceStatus, event: AuditEvent): Notice {
  const gate = findGate(status, event.subject);
  const ref = status.record.entityRef;
  const reason = String(event.payload.reason ?? '');
  return {
    rule: 'approval-stale',
    key: `approval-stale|${ref}|${event.seq}`,
    entityRef: ref,
    recipients: unique([
      ...(gate ? earlierDeciders(gate) : []),
      ...owners(status),
    ]),
    exclude: event.actor.startsWith('user:') ? [event.actor] : [],
    payload: {
      title: `${status.record.title}: ${
        gate?.title ?? event.subject
      } reopened for review`,
      description: `Round ${String(event.payload.round)}: ${reason}`,
      link: governanceLink(ref, { gate: event.subject }),
      topic: TOPICS.approvalStale,
      severity: 'high',
      scope: `gate:${ref}:${event.subject}`,
    },
  };
}

/** The change-request moments users are told of, from the audit events that record them. */
function changeEventOf(event: AuditEvent): ChangeEvent | undefined {
  if (event.action === 'change.opened') return 'opened';
  if (event.action !== 'change.moved') return undefined;
  const to = event.payload.to;
  if (to === 'implement') return 'authorised';
  if (to === 'review') return 'implemented';
  if (to === 'closed') return 'closed';
  if (to === 'cancelled') return 'cancelled';
  return undefined;
}

function changeNotice(
  status: GovernanceStatus,
  event: AuditEvent,
  what: ChangeEvent,
  nameOf: NameOf,
): Notice | undefined {
  const change = status.changeRequests.find(c => c.id === event.subject);
  if (!change) return undefined;
  const ref = status.record.entityRef;
  return {
    rule: 'change-request',
    key: `change-request|${ref}|${event.seq}`,
    entityRef: ref,
    recipients: unique([...change.notify, ...owners(status)]),
    exclude: [event.actor],
    payload: {
      title: `${status.record.title}: ${labelOf(
        CHANGE_CLASS_LABELS,
        change.changeClass,
      ).toLowerCase()} change ${what}`,
      description: `${change.summary} (${labelOf(
        CHANGE_TYPE_LABELS,
        change.type,
      )}, by ${nameOf(event.actor)})`,
      link: governanceLink(ref, { change: change.id }),
      topic: TOPICS.changeRequest,
      severity: change.changeClass === 'emergency' ? 'high' : 'normal',
      scope: `change:${change.id}`,
    },
    change: { id: change.id, event: what },
  };
}

/**
 * Every notice a committed mutation of one record calls for. `nameOf` names who acted as the
 * catalog does (read before, so that the rules stay pure); without it, by the ref's name part.
 */
export function commitNotices(
  status: GovernanceStatus,
  events: AuditEvent[],
  nameOf: NameOf = nameOfRef,
): Notice[] {
  const notices: Notice[] = [];
  // A request for changes reopens the gate: its decision notice already says so, and the
  // gate waits for the requester; its approvers are told on the next change to the record.
  const sentBack = new Set(
    events.filter(e => e.action === 'gate.request-changes').map(e => e.subject),
  );
  for (const event of events) {
    if (event.action in DECISION_WORDS) {
      const n = decisionNotice(status, event, nameOf);
      if (n) notices.push(n);
    } else if (
      event.action === 'gate.reopened' &&
      !sentBack.has(event.subject)
    ) {
      notices.push(reopenedNotice(status, event));
    } else {
      const what = changeEventOf(event);
      const n = what && changeNotice(status, event, what, nameOf);
      if (n) notices.push(n);
    }
  }
  notices.push(...actionableNotices(status, actorsOf(events), sentBack));
  return notices.filter(n => n.recipients.length);
}
