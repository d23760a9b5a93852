import {
  integrationReadPermission,
  policyPreviewRequestSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Request } from 'express';
import { parsePolicy } from '../config/readPolicy';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import { parseInput } from '../lib/errors';
import type { RouteSpec } from '../lib/routeSpec';
import { type RecordFilter, previewPortfolio } from './previewPortfolio';

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

type Ctx = { req: Request; permissionFilter?: RecordFilter };

export function createPolicyPreviewHandlers(
  service: GovernanceEngine,
): Record<string, (ctx: Ctx) => Promise<unknown>> {
  return {
    'preview-policy': async ({ req, permissionFilter }: Ctx) => {
      const body = parseInput(policyPreviewRequestSchema, req.body);
      const candidate = parsePolicy(body.policy, 'policy');
      return previewPortfolio(service.knex, service.getPolicy(), candidate, {
        permissionFilter,
        includeUnchanged: body.includeUnchanged,
      });
    },
  };
}
