import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionExports,
  type PolicyQuery,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  auditExportPermission,
  auditReadPermission,
  evidenceReadPermission,
  evidenceUploadPermission,
  gateWaivePermission,
  integrationUpdatePermission,
  HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
  monitoringIngestPermission,
  monitoringProblemsReadPermission,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  carriesPhi,
  integrationResourceRef,
  isLive,
  isParticipant,
} from './resource';

/** Conditions on integration records, for permission policies. */
export const healthcareIntegrationConditions = createConditionExports({
  resourceRef: integrationResourceRef,
  rules: { carriesPhi, isLive, isParticipant },
});

export interface HealthcareIntegrationPolicyOptions {
  /** Groups whose members may do everything (platform administrators). */
  adminGroups?: string[];
  /** Groups that may read every record's evidence and export any audit trail (auditors, privacy office). */
  auditorGroups?: string[];
  /** Groups whose members may waive gates (the backend also requires the policy's waiver role). */
  waiverGroups?: string[];
}

const isMemberOfAny = (
  user: PolicyQueryUser | undefined,
  groups: string[] = [],
) => !!user && user.info.ownershipEntityRefs.some(ref => groups.includes(ref));

/**
 * The healthcare-integration part of a permission policy, for a portal's own policy to call:
 * returns a decision for this plugin's permissions and `undefined` for everyone else's.
 *
 * - Monitoring ingest is for service principals (they never reach a policy); users are denied.
 * - The list of ingest problems is for `adminGroups` only.
 * - Waivers: members of `waiverGroups` only.
 * - Evidence of a PHI-bearing integration: its requester and role holders, plus auditors.
 * - Audit trail and export of a PHI-bearing integration: its participants and auditors
 *   (the backend keeps the same floor itself, whatever the policy says).
 * - Changing a record (profile, stage, tests, change requests, mapping, exceptions) and
 *   uploading evidence: its requester and role holders only.
 * - Everything else in the plugin is allowed here, because the backend itself enforces the
 *   finer rules (approver role, segregation of duties, stage guards).
 */
export function healthcareIntegrationPolicyDecision(
  request: PolicyQuery,
  user: PolicyQueryUser | undefined,
  options: HealthcareIntegrationPolicyOptions = {},
): PolicyDecision | undefined {
  const { permission } = request;
  if (!permission.name.startsWith('healthcare-integration.')) return undefined;
  if (!user) return { result: AuthorizeResult.DENY };
  if (isMemberOfAny(user, options.adminGroups))
    return { result: AuthorizeResult.ALLOW };

  if (isPermission(permission, monitoringIngestPermission)) {
    return { result: AuthorizeResult.DENY };
  }
  // What monitoring ingest could not use: platform administrators (allowed above) only.
  if (isPermission(permission, monitoringProblemsReadPermission)) {
    return { result: AuthorizeResult.DENY };
  }
  if (isPermission(permission, gateWaivePermission)) {
    return {
      result: isMemberOfAny(user, options.waiverGroups)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
  const { conditions, createConditionalDecision } =
    healthcareIntegrationConditions;
  const participant = conditions.isParticipant({
    claims: user.info.ownershipEntityRefs,
  });
  if (
    (isPermission(permission, integrationUpdatePermission) ||
      isPermission(permission, evidenceUploadPermission)) &&
    permission.resourceType === HEALTHCARE_INTEGRATION_RESOURCE_TYPE
  ) {
    return createConditionalDecision(permission, participant);
  }
  if (
    (isPermission(permission, evidenceReadPermission) ||
      isPermission(permission, auditReadPermission) ||
      isPermission(permission, auditExportPermission)) &&
    permission.resourceType === HEALTHCARE_INTEGRATION_RESOURCE_TYPE
  ) {
    if (isMemberOfAny(user, options.auditorGroups))
      return { result: AuthorizeResult.ALLOW };
    return createConditionalDecision(permission, {
      anyOf: [{ not: conditions.carriesPhi() }, participant],
    });
  }
  return { result: AuthorizeResult.ALLOW };
}
