import { z } from 'zod';
import { NotFoundError } from '@backstage/errors';
import type { Request } from 'express';
import {
  type PolicyVersionDetail,
  type PolicyVersionList,
  integrationReadPermission,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RouteSpec } from '../lib/routeSpec';
import type { PolicyVersionStore } from './PolicyVersionStore';
import { verifyPolicyChain } from './versionChain';

/** The policy-version routes; spread into ROUTES (routes.ts), so the router and OpenAPI include them. */
export const POLICY_VERSION_ROUTES: RouteSpec[] = [
  {
    id: 'list-policy-versions',
    principals: ['user', 'service'],
    method: 'get',
    path: '/policy/versions',
    summary:
      'Versions of the running policy, oldest first, with what each changed and the verification of their own hash chain',
    permission: integrationReadPermission,
    responseDescription: '{ running, versions, chain }',
  },
  {
    id: 'get-policy-version',
    principals: ['user', 'service'],
    method: 'get',
    path: '/policy/versions/:seq',
    summary: 'One recorded policy version with its canonical policy text',
    permission: integrationReadPermission,
    params: z.object({
      seq: z.coerce
        .number({ invalid_type_error: 'must be a version number' })
        .int()
        .min(1),
    }),
    responseDescription: 'The version and its policy',
  },
];

type Ctx = { req: Request };

export function createPolicyVersionHandlers(
  store: PolicyVersionStore,
  runningHash: () => string,
): Record<string, (ctx: Ctx) => Promise<unknown>> {
  return {
    'list-policy-versions': async (): Promise<PolicyVersionList> => {
      const versions = await store.list();
      const running = [...versions]
        .reverse()
        .find(v => v.policyHash === runningHash());
      return {
        ...(running
          ? { running: { seq: running.seq, policyHash: running.policyHash } }
          : {}),
        versions: versions.map(({ policy: _text, ...summary }) => summary),
        chain: verifyPolicyChain(versions),
      };
    },
    'get-policy-version': async ({ req }): Promise<PolicyVersionDetail> => {
      const seq = Number(req.params.seq);
      const version = await store.get(seq);
      if (!version)
        throw new NotFoundError(`No policy version ${seq} is recorded`);
      return version;
    },
  };
}
