// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { act, waitFor } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import {
  alertApiRef,
  identityApiRef,
  type AlertApi,
} from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GovernanceStatus } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';
import { GovernanceContent } from '../components/GovernanceContent';
import {
  SECURITY,
  governanceStatus,
  identityRefs,
  integrationEntity,
  mockApi,
  viewerFor,
} from './fixtures';
import { fakePresentation } from './fakePresentation';

/** The status `GET` sends to this user (the fixture record, with overrides). */
export function statusAs(
  userRef: string,
  overrides: Partial<GovernanceStatus> = {},
): GovernanceStatus {
  return governanceStatus({ viewer: viewerFor(userRef), ...overrides });
}

/**
 * Renders the governance tab for a signed-in user: the identity API gives their ref and groups,
 * and `getStatus` answers with `status`, by default the status the backend would send them. Every permission is
 * allowed unless named in `deny`.
 */
export async function renderTab(
  options: {
    viewer?: string;
    status?: GovernanceStatus;
    api?: ReturnType<typeof mockApi>;
    deny?: string[];
    entity?: Entity;
    alertApi?: AlertApi;
    /** Keep the given api's own `getStatus` (e.g. a real client behind it). */
    keepGetStatus?: boolean;
    /** The signals client, for live updates (without it the tab does not listen). */
    signalApi?: SignalApi;
    /** The URL the tab opens at, e.g. a deep link `/?gate=security-review`. */
    routeEntries?: string[];
    /** Catalog display names by entity ref (through the entity presentation API). */
    displayNames?: Record<string, string>;
  } = {},
) {
  const viewer = options.viewer ?? SECURITY;
  const api = options.api ?? mockApi();
  if (!options.keepGetStatus)
    api.getStatus.mockResolvedValue(options.status ?? statusAs(viewer));
  const permission = mockApis.permission({
    authorize: req =>
      options.deny?.includes(req.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  const apis: Array<readonly [any, any]> = [
    [healthcareIntegrationApiRef, api],
    [permissionApiRef, permission],
    [
      identityApiRef,
      mockApis.identity({
        userEntityRef: viewer,
        ownershipEntityRefs: identityRefs(viewer),
      }),
    ],
  ];
  if (options.alertApi) apis.push([alertApiRef, options.alertApi]);
  if (options.signalApi) apis.push([signalApiRef, options.signalApi]);
  if (options.displayNames)
    apis.push([
      entityPresentationApiRef,
      fakePresentation(options.displayNames),
    ]);
  await renderInTestApp(
    <TestApiProvider apis={apis as any}>
      <EntityProvider entity={options.entity ?? integrationEntity}>
        <GovernanceContent />
      </EntityProvider>
    </TestApiProvider>,
    options.routeEntries ? { routeEntries: options.routeEntries } : undefined,
  );
  return api;
}

/**
 * Waits until what the rules are fed has arrived: the status, the permission answers (the open
 * section is `aria-busy` until they are in) and the policy. Only after this does "a button is
 * absent" mean the rules withheld it.
 */
export async function settled(api: ReturnType<typeof mockApi>) {
  await waitFor(() =>
    expect(
      document.querySelector('section[id^="hip-section-"][aria-busy="false"]'),
    ).not.toBeNull(),
  );
  const policy = api.getPolicy.mock.results[0]?.value;
  await act(async () => {
    await policy;
  });
}
