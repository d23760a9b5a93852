import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gateDecidePermission } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The records among `entityRefs` on which the permission framework lets the caller decide
 * gates (what the decision route checks), asked in one batch. The inbox offers its inline
 * decision only there.
 */
export function decidePermittedOn(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
) {
  return async (entityRefs: string[]): Promise<Set<string>> => {
    const decisions = await permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: gateDecidePermission,
        resourceRef,
      })),
      { credentials },
    );
    return new Set(
      entityRefs.filter(
        (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
      ),
    );
  };
}
