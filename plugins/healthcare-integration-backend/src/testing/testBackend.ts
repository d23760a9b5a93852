import type { Knex } from 'knex';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { healthcareIntegrationPlugin } from '../plugin';
import { generateSigningKey } from '../audit/signingKeys';
import { CATALOG_ENTITIES } from './fixtures';
import { checkContract } from './contract';

const BASE = '/api/healthcare-integration';

/** A signing key generated for one test backend, unless the test configures its own. */
export function withSigningKey(config: JsonObject = {}): JsonObject {
  const hip = (config.healthcareIntegration ?? {}) as JsonObject;
  const audit = (hip.audit ?? {}) as JsonObject;
  if (audit.signing) return config;
  return {
    ...config,
    healthcareIntegration: {
      ...hip,
      audit: {
        ...audit,
        signing: { privateKey: generateSigningKey().privateKeyPem },
      },
    },
  };
}

/** Starts the plugin in a test backend on the given database, with an example org in the catalog. */
export async function startGovernanceBackend(
  knex: Knex,
  options: {
    config?: JsonObject;
    permissions?: 'allow' | 'deny';
    /** More features or service factories, e.g. the real actions registry. */
    features?: BackendFeature[];
  } = {},
) {
  const config = withSigningKey(options.config);
  const { server } = await startTestBackend({
    features: [
      healthcareIntegrationPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: CATALOG_ENTITIES }),
      // Requests without a token are anonymous, as in production.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...(options.permissions === 'deny'
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(options.features ?? []),
    ],
  });
  /** Each response is checked against the route's published schema as it arrives. */
  const checked = (method: string, path: string, test: request.Test) =>
    test.expect(res => checkContract(method, BASE + path, res));
  const as = (userRef: string) => {
    const auth = mockCredentials.user.header(userRef);
    return {
      get: (path: string) =>
        checked(
          'get',
          path,
          request(server)
            .get(BASE + path)
            .set('Authorization', auth),
        ),
      post: (path: string, body?: object) =>
        checked(
          'post',
          path,
          request(server)
            .post(BASE + path)
            .set('Authorization', auth)
            .send(body),
        ),
      put: (path: string, body?: object) =>
        checked(
          'put',
          path,
          request(server)
            .put(BASE + path)
            .set('Authorization', auth)
            .send(body),
        ),
      patch: (path: string, body?: object) =>
        checked(
          'patch',
          path,
          request(server)
            .patch(BASE + path)
            .set('Authorization', auth)
            .send(body),
        ),
    };
  };
  const asService = () => {
    const auth = mockCredentials.service.header();
    return {
      get: (path: string) =>
        checked(
          'get',
          path,
          request(server)
            .get(BASE + path)
            .set('Authorization', auth),
        ),
      post: (path: string, body?: object) =>
        checked(
          'post',
          path,
          request(server)
            .post(BASE + path)
            .set('Authorization', auth)
            .send(body),
        ),
    };
  };
  /** Sends a body as JSON text whatever its type (arrays, numbers, null), as a fuzzer needs. */
  const raw = (
    who: string | 'service',
    method: 'post' | 'put' | 'patch',
    path: string,
    body: unknown,
  ) =>
    checked(
      method,
      path,
      request(server)
        [method](BASE + path)
        .set(
          'Authorization',
          who === 'service'
            ? mockCredentials.service.header()
            : mockCredentials.user.header(who),
        )
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body) ?? 'null'),
    );
  return {
    server,
    as,
    asService,
    raw,
    anonymous: () => request(server),
    config,
  };
}

export const base64 = (text: string) =>
  Buffer.from(text, 'utf8').toString('base64');
