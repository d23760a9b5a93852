import { InputError } from '@backstage/errors';
import {
  describeRefusal,
  roleAssignmentRefusals,
  type HolderIdentity,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { EngineDeps } from './types';

/**
 * Checks a full set of role holders against the catalog and the policy: each holder exists,
 * is eligible for its role, and breaks no separation-of-duties rule (the requester included).
 * A refusal is a 400 that names each role and rule broken.
 */
export async function validateRoleHolders(
  deps: EngineDeps,
  holders: RoleHolders,
  requesterRef: string,
): Promise<void> {
  const unique = [...new Set(Object.values(holders))];
  const described = await Promise.all(
    unique.map(h => deps.roles.describeHolder(h)),
  );
  const identities: Record<string, HolderIdentity> = Object.fromEntries(
    unique.map((h, i) => [h, described[i]]),
  );
  const requesterIdentity = requesterRef.startsWith('user:')
    ? [...(await deps.roles.identityRefs(requesterRef))]
    : [requesterRef];
  const refusals = roleAssignmentRefusals({
    holders,
    identities,
    requesterIdentity,
    policy: deps.policy.policy,
  });
  if (refusals.length) {
    throw new InputError(refusals.map(describeRefusal).join('; '));
  }
}
