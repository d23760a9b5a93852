import type {
  Gate,
  GovernanceStatus,
  Role,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Who a notice goes to, from the record's own roles: the holders named on the record (a user,
 * or a group, which the notifications service expands to its members and sub-groups).
 */

/** The roles that own the integration: told of decisions, reopened gates and changes. */
export const OWNER_ROLES: readonly Role[] = ['businessOwner', 'technicalOwner'];

export function unique(refs: Array<string | undefined | null>): string[] {
  return [...new Set(refs.filter((r): r is string => Boolean(r)))];
}

export function holdersOf(
  status: GovernanceStatus,
  roles: readonly Role[],
): string[] {
  return unique(roles.map(role => status.record.roles[role]));
}

export function owners(status: GovernanceStatus): string[] {
  return holdersOf(status, OWNER_ROLES);
}

/** The approver roles of a gate that have no live decision in its current round. */
export function undecidedRoles(gate: Gate): Role[] {
  const decided = new Set(
    gate.decisions.filter(d => !d.stale).map(d => d.role),
  );
  return gate.approverRoles.filter(role => !decided.has(role));
}

/** Holders of the gate's approver roles still to decide: who the gate is waiting for. */
export function waitingApprovers(status: GovernanceStatus, gate: Gate) {
  return holdersOf(status, undecidedRoles(gate));
}

/** The record's requester and, where a change opened the gate, the gate's requester. */
export function requesters(status: GovernanceStatus, gate?: Gate): string[] {
  return unique([status.record.requestedBy, gate?.requestedBy]);
}

/** Whoever decided the gate in earlier rounds (their approvals are the ones gone stale). */
export function earlierDeciders(gate: Gate): string[] {
  return unique(gate.decisions.filter(d => d.stale).map(d => d.decidedBy));
}
