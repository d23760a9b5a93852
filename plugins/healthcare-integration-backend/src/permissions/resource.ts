import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
} from '@internal/plugin-healthcare-integration-common';

/** What permission rules see of a record. */
export interface IntegrationResource {
  entityRef: string;
  stage: string;
  phi: boolean;
  externalVendor: boolean;
  patientFacing: boolean;
  requestedBy: string;
}

/** Criteria for list filtering; the portfolio does not filter by permission yet. */
export type IntegrationQuery = { field: keyof IntegrationResource; value: unknown };

export const integrationResourceRef = createPermissionResourceRef<
  IntegrationResource,
  IntegrationQuery
>().with({ pluginId: 'healthcare-integration', resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE });

/** Lets a policy treat PHI-bearing integrations more strictly (e.g. audit export). */
export const carriesPhi = createPermissionRule({
  name: 'CARRIES_PHI',
  description: 'Allow when the integration carries protected health information',
  resourceRef: integrationResourceRef,
  apply: resource => resource.phi,
  toQuery: () => ({ field: 'phi' as const, value: true }),
});

export const isLive = createPermissionRule({
  name: 'IS_LIVE',
  description: 'Allow when the integration is live or under change',
  resourceRef: integrationResourceRef,
  apply: resource => resource.stage === 'live' || resource.stage === 'change',
  toQuery: () => ({ field: 'stage' as const, value: 'live' }),
});

export const integrationPermissionRules = [carriesPhi, isLive];
