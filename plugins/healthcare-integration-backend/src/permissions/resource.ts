import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import type {
  StandardJSONSchemaV1,
  StandardSchemaV1,
} from '@standard-schema/spec';
import { HEALTHCARE_INTEGRATION_RESOURCE_TYPE } from '@hcig/backstage-plugin-healthcare-integration-common';

/** What permission rules see of a record. */
export interface IntegrationResource {
  entityRef: string;
  stage: string;
  phi: boolean;
  externalVendor: boolean;
  patientFacing: boolean;
  requestedBy: string;
  /** The requester and every role holder (user or group refs). */
  participants: string[];
}

/** Criteria for list filtering; the portfolio does not filter by permission yet. */
export type IntegrationQuery =
  | { field: 'phi'; value: true }
  | { field: 'stage'; value: 'live' }
  | { field: 'participants'; value: string[] };

export const integrationResourceRef = createPermissionResourceRef<
  IntegrationResource,
  IntegrationQuery
>().with({
  pluginId: 'healthcare-integration',
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

/** Lets a policy treat PHI-bearing integrations more strictly (e.g. audit export). */
export const carriesPhi = createPermissionRule({
  name: 'CARRIES_PHI',
  description:
    'Allow when the integration carries protected health information',
  resourceRef: integrationResourceRef,
  apply: resource => resource.phi,
  toQuery: () => ({ field: 'phi', value: true } as const),
});

export const isLive = createPermissionRule({
  name: 'IS_LIVE',
  description: 'Allow when the integration is live or under change',
  resourceRef: integrationResourceRef,
  apply: resource => resource.stage === 'live' || resource.stage === 'change',
  toQuery: () => ({ field: 'stage', value: 'live' } as const),
});

const CLAIMS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'User and group refs of the caller (ownershipEntityRefs)',
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

/**
 * `{ claims: string[] }` as a Standard Schema with JSON Schema output, which is what
 * permission rules take (hand-written: the repo's zod 3 does not emit Standard JSON Schema).
 */
const claimsParamsSchema: StandardSchemaV1<{ claims: string[] }> &
  StandardJSONSchemaV1<{ claims: string[] }> = {
  '~standard': {
    version: 1,
    vendor: 'healthcare-integration',
    validate: value => {
      const claims = (value as { claims?: unknown } | null)?.claims;
      return Array.isArray(claims) && claims.every(c => typeof c === 'string')
        ? { value: { claims } }
        : {
            issues: [
              {
                message: 'claims must be a list of entity refs',
                path: ['claims'],
              },
            ],
          };
    },
    jsonSchema: {
      input: () => CLAIMS_JSON_SCHEMA,
      output: () => CLAIMS_JSON_SCHEMA,
    },
  },
};

/**
 * The user (or one of their groups) is the requester or holds a role on the record. Policies
 * use it to keep PHI-bearing evidence to the people working on the integration.
 */
export const isParticipant = createPermissionRule({
  name: 'IS_PARTICIPANT',
  description:
    'Allow when one of the given refs requested the integration or holds a role on it',
  resourceRef: integrationResourceRef,
  paramsSchema: claimsParamsSchema,
  apply: (resource, { claims }) =>
    resource.participants.some(p => claims.includes(p)),
  toQuery: ({ claims }) => ({ field: 'participants', value: claims }),
});

export const integrationPermissionRules = [carriesPhi, isLive, isParticipant];
