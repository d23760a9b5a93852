import { ROLES, type Role, type RoleHolders } from '../types';
import type { GovernancePolicy } from '../policy/types';
import { type Refusal, refuse } from './refusal';

/**
 * Rules for who may hold which role on a record: eligibility (the policy's `roles.<role>.eligible`)
 * and separation of duties (roles one person may not hold together; the requester holds no
 * approver role). Pure: the caller resolves each holder's identity through the catalog.
 */

/**
 * What the catalog says about one holder: for a user, the user and every group it belongs to
 * (parents included); for a group, the group and its ancestors. `undefined` if not in the catalog.
 */
export type HolderIdentity =
  | { kind: 'user' | 'group'; refs: readonly string[] }
  | undefined;

/** Every role that approves something: a gate, a waiver, a waiver confirmation, a record change. */
export function approverRolesOf(policy: GovernancePolicy): Role[] {
  const roles = new Set<Role>([
    policy.waiverRole,
    ...policy.recordChanges.approverRoles,
  ]);
  for (const g of policy.gates) {
    g.approverRoles.forEach(r => roles.add(r));
    if (g.waiverCoApproverRole) roles.add(g.waiverCoApproverRole);
  }
  return ROLES.filter(r => roles.has(r));
}

/** Two holders are one person for separation: the same ref, or a user inside the other's group. */
function overlaps(
  a: string,
  b: string,
  identities: Record<string, HolderIdentity>,
): boolean {
  if (a === b) return true;
  const ia = identities[a];
  const ib = identities[b];
  return (
    (ia?.kind === 'user' && ia.refs.includes(b)) ||
    (ib?.kind === 'user' && ib.refs.includes(a))
  );
}

/** Every violation, in role order; empty when the assignment may stand. */
export function roleAssignmentRefusals(input: {
  holders: RoleHolders;
  identities: Record<string, HolderIdentity>;
  /** The requester's ref and groups (parents included). */
  requesterIdentity: readonly string[];
  policy: GovernancePolicy;
}): Refusal[] {
  const { holders, identities, policy } = input;
  const refusals: Refusal[] = [];
  for (const role of ROLES) {
    const holder = holders[role];
    const identity = identities[holder];
    if (!identity) {
      refusals.push(
        refuse(
          'holder-in-catalog',
          'invalid',
          `Invalid roles.${role}: ${holder} is not a user or group in the catalog`,
        ),
      );
      continue;
    }
    const eligible = policy.roles[role]?.eligible;
    if (eligible && !identity.refs.some(r => eligible.includes(r))) {
      refusals.push(
        refuse(
          'role-eligibility',
          'invalid',
          `Invalid roles.${role}: ${holder} is not eligible; the policy (roles.${role}.eligible) admits ${eligible.join(
            ', ',
          )} and their members`,
        ),
      );
    }
  }
  for (const rule of policy.separationOfDuties.rules) {
    for (const other of rule.notWith) {
      if (overlaps(holders[rule.role], holders[other], identities)) {
        refusals.push(
          refuse(
            `separation:${rule.id}`,
            'invalid',
            `Invalid roles.${rule.role}: ${holders[rule.role]} may not be ${
              rule.role
            } and ${other} (${holders[other]}) on one record${
              rule.description ? ` — ${rule.description}` : ''
            }`,
          ),
        );
      }
    }
  }
  if (policy.separationOfDuties.requesterHoldsNoApproverRole) {
    for (const role of approverRolesOf(policy)) {
      if (input.requesterIdentity.includes(holders[role])) {
        refusals.push(
          refuse(
            'requester-holds-no-approver-role',
            'invalid',
            `Invalid roles.${role}: the requester would hold ${role} (${holders[role]}) on their own request`,
          ),
        );
      }
    }
  }
  return refusals;
}
