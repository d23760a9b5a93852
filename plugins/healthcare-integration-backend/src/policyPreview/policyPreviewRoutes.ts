import {
  integrationReadPermission,
  policyPreviewRequestSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Request } from 'express';
import { InputError } from '@backstage/errors';
import { parsePolicy } from '../config/readPolicy';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import { parseInput } from '../lib/errors';
import type { RouteSpec } from '../lib/routeSpec';
import type { RecordFilter } from '../permissions/recordFilter';
import { previewPortfolio } from './previewPortfolio';

/** The policy preview route; spread into ROUTES (routes.ts), so the router and OpenAPI include it. */
export const POLICY_PREVIEW_ROUTES: RouteSpec[] = [
  {
    id: 'preview-policy',
    principals: ['user', 'service'],
    conditionalList: true,
    method: 'post',
    path: '/policy/preview',
    summary:
      'Preview a candidate policy (the shape of healthcareIntegration.policy, validated with errors naming the path) across the integrations the caller may read: gates added, removed or changed, approvals that stay valid or go stale, totals. Nothing is written',
    permission: integrationReadPermission,
    body: policyPreviewRequestSchema,
    responseDescription:
      '{ currentHash, candidateHash, identical, policyChanges, totals, integrations }',
  },
];

/** The keys of `healthcareIntegration.policy`; a misspelt one would otherwise preview the default. */
const POLICY_KEYS = [
  'waiverRole',
  'waiverMaxDays',
  'roles',
  'separationOfDuties',
  'recordChanges',
  'specialGates',
  'gates',
  'changeTypes',
  'monitoring',
];

type Ctx = { req: Request; permissionFilter?: RecordFilter };

export function createPolicyPreviewHandlers(
  service: GovernanceEngine,
): Record<string, (ctx: Ctx) => Promise<unknown>> {
  return {
    'preview-policy': async ({ req, permissionFilter }: Ctx) => {
      const body = parseInput(policyPreviewRequestSchema, req.body);
      const unknown = Object.keys(body.policy).find(
        k => !POLICY_KEYS.includes(k),
      );
      if (unknown)
        throw new InputError(
          `Invalid policy.${unknown}: not a policy key; expected one of ${POLICY_KEYS.join(
            ', ',
          )}`,
        );
      const candidate = parsePolicy(body.policy, 'policy');
      return previewPortfolio(service.knex, service.getPolicy(), candidate, {
        permissionFilter,
        includeUnchanged: body.includeUnchanged,
      });
    },
  };
}
