import { z } from 'zod';
import type { Request } from 'express';
import { integrationReadPermission } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RouteSpec } from '../lib/routeSpec';
import type { GovernanceEngine } from '../engine/GovernanceEngine';

const O = '/integrations/:namespace/:name/operating-model';

const versionNumber = z.coerce
  .number({ invalid_type_error: 'must be a version number' })
  .int({ message: 'must be a whole version number' })
  .min(1, { message: 'must be a version number from 1' });

/** The operating-model routes; spread into ROUTES (routes.ts), so the router and OpenAPI include them. */
export const OPERATING_MODEL_ROUTES: RouteSpec[] = [
  {
    id: 'get-operating-model',
    principals: ['user', 'service'],
    method: 'get',
    path: O,
    summary:
      'The current operating model (purpose, systems, approved data elements, approvals, routing, owners, change control) and every version, oldest first',
    permission: integrationReadPermission,
    onRecord: true,
    responseDescription: '{ current, versions }',
  },
  {
    id: 'diff-operating-model',
    principals: ['user', 'service'],
    method: 'get',
    path: `${O}/diff`,
    summary: 'A line diff between two operating-model versions',
    permission: integrationReadPermission,
    onRecord: true,
    query: z.object({ from: versionNumber, to: versionNumber }).strict(),
    responseDescription: '{ from, to, diff: { added, removed, lines } }',
  },
  {
    id: 'get-operating-model-version',
    principals: ['user', 'service'],
    method: 'get',
    path: `${O}/versions/:version`,
    summary: 'One operating-model version with its document and Markdown',
    permission: integrationReadPermission,
    onRecord: true,
    params: z.object({ version: versionNumber }),
    responseDescription: 'The version',
  },
];

type Ctx = { req: Request; entityRef: string };

export function createOperatingModelHandlers(
  service: GovernanceEngine,
): Record<string, (ctx: Ctx) => Promise<unknown>> {
  return {
    'get-operating-model': async ({ entityRef }) =>
      service.operatingModel(entityRef),
    'get-operating-model-version': async ({ req, entityRef }) =>
      service.operatingModelVersion(entityRef, Number(req.params.version)),
    'diff-operating-model': async ({ req, entityRef }) =>
      service.operatingModelDiff(
        entityRef,
        Number(req.query.from),
        Number(req.query.to),
      ),
  };
}
