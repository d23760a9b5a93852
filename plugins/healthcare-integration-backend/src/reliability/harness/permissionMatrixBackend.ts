// The plugin behind the REAL permission framework, as the example portal runs it: the permission
// backend plugin evaluating the portal's policy (the plugin's decision helper with the portal's
// admin / auditor / waiver groups), the real permissions service calling it over HTTP, the real
// permissions registry answering conditional decisions against stored records, and user info
// resolved from the example organisation so group-based rules apply.
import type { Knex } from 'knex';
import request from 'supertest';
import type { Entity } from '@backstage/catalog-model';
import type { Request } from 'express';
import {
  coreServices,
  createServiceFactory,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { healthcareIntegrationPlugin } from '../../plugin';
import { CATALOG_ENTITIES } from '../../testing/fixtures';
import { withSigningKey } from '../../testing/testBackend';
// The example portal's own policy module, not a copy of it: what the portal runs is what is tested.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import portalPolicyModule from '../../../../../packages/backend/src/modules/permissionPolicy';

const BASE = '/api/healthcare-integration';

export const ADMIN = 'user:default/admin';
const ADMINS = 'group:default/platform-admins';

/** The fixtures' organisation plus a platform administrator. */
export const MATRIX_ENTITIES: Entity[] = [
  ...CATALOG_ENTITIES,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-admins', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'admin', namespace: 'default' },
    spec: { memberOf: ['platform-admins'] },
    relations: [{ type: 'memberOf', targetRef: ADMINS }],
  },
];

/** ownershipEntityRefs as the catalog-backed user info service would give them: the user and their groups. */
export function ownershipOf(userRef: string): string[] {
  const user = MATRIX_ENTITIES.find(
    e => e.kind === 'User' && `user:default/${e.metadata.name}` === userRef,
  );
  const groups = (user?.relations ?? [])
    .filter(r => r.type === 'memberOf')
    .map(r => r.targetRef);
  return [userRef, ...groups];
}

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    getUserInfo: async credentials => {
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (principal.type !== 'user' || !principal.userEntityRef) {
        throw new Error('User info is only available for user principals');
      }
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: ownershipOf(principal.userEntityRef),
      };
    },
  }),
});

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * Mock httpAuth, except that a plugin-to-plugin token issued on behalf of a user yields that user
 * WITH an actor, as the real auth service does. The plain mock drops the actor, and then the
 * permission backend treats the plugin's call as a direct user request (refusing resource
 * permissions without a resourceRef), and the permissions registry refuses apply-conditions.
 */
const httpAuthFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    const onBehalfOf = (header: string | undefined) => {
      const token = header?.match(/^Bearer[ ]+(\S+)$/i)?.[1];
      if (!token?.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) return undefined;
      const { target, obo } = JSON.parse(
        token.slice(MOCK_SERVICE_TOKEN_PREFIX.length),
      );
      if (!obo || target !== plugin.getId()) return undefined;
      return mockCredentials.user(obo, {
        actor: { subject: 'plugin:on-behalf-of-user' },
      });
    };
    const service: HttpAuthService = {
      credentials: (async (req: Request, options?: { allow?: string[] }) => {
        const credentials = onBehalfOf(req.headers.authorization);
        if (!credentials) return inner.credentials(req, options as any);
        if (options?.allow && !options.allow.includes('user')) {
          throw new NotAllowedError(
            "This endpoint does not allow 'user' credentials",
          );
        }
        return credentials;
      }) as HttpAuthService['credentials'],
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
    return service;
  },
});

/** Who sends a request: nobody, the service principal, or a user ref. */
export type Caller = 'anonymous' | 'service' | string;

export async function startPermissionMatrixBackend(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      healthcareIntegrationPlugin,
      permissionPlugin,
      portalPolicyModule,
      permissionsServiceFactory,
      userInfoFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: withSigningKey({
          permission: { enabled: true },
          healthcareIntegration: {
            access: {
              auditorGroups: [
                'group:default/compliance-office',
                'group:default/security-office',
              ],
            },
          },
        }),
      }),
      catalogServiceMock.factory({ entities: MATRIX_ENTITIES }),
      // Requests without a token are anonymous, as in production.
      httpAuthFactory,
    ],
  });

  const send = (
    who: Caller,
    method: 'get' | 'post' | 'put' | 'patch',
    path: string,
    body?: unknown,
  ) => {
    let req = request(server)[method](BASE + path);
    if (who === 'service')
      req = req.set('Authorization', mockCredentials.service.header());
    else if (who !== 'anonymous')
      req = req.set('Authorization', mockCredentials.user.header(who));
    return body === undefined ? req : req.send(body as object);
  };
  return { server, send };
}
