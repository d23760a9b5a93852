import type { AuditEntry } from '../plugins/healthcare-integration-backend/src/database/AuditLog';
import { USERS } from '../plugins/healthcare-integration-backend/src/testing/fixtures';

/**
 * A record's audit history as production writes it: events from the people who hold its roles
 * (and the monitoring service), a few per request sharing that request's timestamp, requests
 * spread over the record's lifetime with millisecond timestamps. The verifier encodes each
 * distinct actor, action and timestamp once, so one shared timestamp would flatter it. The
 * actions are ones the verification's replay does not bind to database rows (it lists them as
 * unknown), so the history needs no invented gate or exception rows to verify; their bytes and
 * variety are production's.
 */

const REVIEWERS = [
  USERS.security,
  USERS.compliance,
  USERS.clinical,
  USERS.business,
  USERS.tester,
];

/** A deterministic generator, so two runs seed the same history. */
function random(seed: number) {
  let x = seed * 2654435761 + 1;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function event(k: number, rnd: () => number): AuditEntry[] {
  const reviewer = REVIEWERS[Math.floor(rnd() * REVIEWERS.length)];
  switch (k % 5) {
    case 0:
      return [
        {
          actor: reviewer,
          action: 'review.comment',
          subject: 'security-review',
          payload: {
            decision: rnd() < 0.8 ? 'approve' : 'request-changes',
            comment: `Reviewed interface spec rev ${k}; TLS and retention checked`,
            role: 'securityReviewer',
          },
        },
        {
          actor: reviewer,
          action: 'review.checklist',
          subject: 'security-review',
          payload: { items: ['tls', 'retention', 'access'], checked: 3 },
        },
      ];
    case 1:
      return [
        {
          actor: 'plugin:healthcare-integration/monitoring',
          action: 'monitoring.notice',
          subject: `exc-${k}`,
          payload: {
            kind: ['ack-timeout', 'parse-error', 'queue-depth'][k % 3],
            category: 'technical',
            severity: rnd() < 0.1 ? 'critical' : 'error',
            routedRole: 'supportOwner',
          },
        },
      ];
    case 2:
      return [
        {
          actor: USERS.support,
          action: 'support.note',
          subject: `exc-${k - 1}`,
          payload: { note: 'Looking at the interface engine queue' },
        },
        {
          actor: USERS.support,
          action: 'support.handover',
          subject: `exc-${k - 1}`,
          payload: {
            resolution: 'Restarted the outbound channel',
            minutes: Math.floor(rnd() * 300),
          },
        },
      ];
    case 3:
      return [
        {
          actor: USERS.requester,
          action: 'record.note',
          subject: 'profile',
          payload: {
            changed: ['messageTypes'],
            messageTypes: ['ADT^A01', 'ADT^A08', `ORU^R0${k % 9}`],
          },
        },
      ];
    default:
      return [
        {
          actor: USERS.technical,
          action: 'comment.added',
          subject: 'record',
          payload: {
            text: `Change window ${k}: mapping table v${k % 40} deployed`,
          },
        },
      ];
  }
}

/**
 * `wanted` more entries (after the record's own `first` ones), grouped into requests, each
 * with its timestamp: requests from `startMs` on, `spacingMs` apart on average.
 */
export function auditHistory(
  seed: number,
  first: AuditEntry[],
  wanted: number,
  startMs: number,
  spacingMs: number,
): Array<{ at: string; entries: AuditEntry[] }> {
  const rnd = random(seed);
  let t = startMs;
  const requests: Array<{ at: string; entries: AuditEntry[] }> = [];
  const tick = () => {
    t += Math.floor(spacingMs * (0.2 + 1.6 * rnd())) + 1;
    return new Date(t).toISOString();
  };
  for (const e of first) requests.push({ at: tick(), entries: [e] });
  let n = 0;
  for (let k = 0; n < wanted; k++) {
    const entries = event(k, rnd).slice(0, wanted - n);
    n += entries.length;
    requests.push({ at: tick(), entries });
  }
  return requests;
}
