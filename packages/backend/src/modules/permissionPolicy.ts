import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { healthcareIntegrationPolicyDecision } from '@hcig/backstage-plugin-healthcare-integration-backend';

const ADMINS = 'group:default/platform-admins';

/**
 * The example portal's permission policy.
 * - healthcare-integration permissions: the plugin's own decision helper (PHI evidence and
 *   audit export limited to participants and auditors, waivers to the compliance office,
 *   monitoring ingest to service principals; the backend enforces approver roles itself).
 * - Catalog: everyone reads; only platform admins delete entities.
 * - Everything else: allowed for signed-in users.
 */
export class ExamplePortalPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const healthcare = healthcareIntegrationPolicyDecision(request, user, {
      adminGroups: [ADMINS],
      auditorGroups: [
        'group:default/compliance-office',
        'group:default/security-office',
      ],
      waiverGroups: ['group:default/compliance-office'],
    });
    if (healthcare) return healthcare;
    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      return {
        result: user?.info.ownershipEntityRefs.includes(ADMINS)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExamplePortalPermissionPolicy());
      },
    });
  },
});
