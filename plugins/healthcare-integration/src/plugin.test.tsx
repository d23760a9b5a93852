// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { HealthcareIntegrationClient } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  EntityHealthcareIntegrationCard,
  EntityHealthcareIntegrationContent,
  HealthcareIntegrationInboxPage,
  HealthcareIntegrationPortfolioPage,
  entityContentRouteRef,
  healthcareIntegrationApiRef,
  healthcareIntegrationPlugin,
  inboxRouteRef,
  portfolioRouteRef,
} from './index';
import { policyPreviewRouteRef } from './routes';
import {
  SECURITY,
  governanceStatus,
  identityRefs,
  integrationEntity,
  mockApi,
  viewerFor,
} from './testing/fixtures';

jest.setTimeout(30_000);

/*
 * The legacy frontend system's exports, used the way a legacy app uses them (the example portal
 * is on the new frontend system, so nothing else renders these): each extension mounts at the
 * path an app gives it and renders its component with the plugin's API.
 */

function apisFor(api: ReturnType<typeof mockApi>) {
  return [
    [healthcareIntegrationApiRef, api],
    [
      permissionApiRef,
      mockApis.permission({ authorize: () => AuthorizeResult.ALLOW }),
    ],
    [
      identityApiRef,
      mockApis.identity({
        userEntityRef: SECURITY,
        ownershipEntityRefs: identityRefs(SECURITY),
      }),
    ],
  ] as const;
}

/** Renders `element` as a legacy app's route at `path`, the app's location at `location`. */
function renderRoute(
  api: ReturnType<typeof mockApi>,
  path: string,
  element: React.ReactElement,
  location: string = path,
) {
  return renderInTestApp(
    <TestApiProvider apis={apisFor(api)}>
      <Routes>
        <Route path={path} element={element} />
      </Routes>
    </TestApiProvider>,
    { routeEntries: [location] },
  );
}

describe('legacy exports', () => {
  it('the plugin provides the API as the client over discovery and fetch', async () => {
    expect(healthcareIntegrationPlugin.getId()).toBe('healthcare-integration');
    const factory = [...healthcareIntegrationPlugin.getApis()].find(
      f => f.api.id === healthcareIntegrationApiRef.id,
    );
    expect(factory).toBeDefined();
    expect(Object.values(factory!.deps).map(d => d.id)).toEqual(
      expect.arrayContaining([discoveryApiRef.id, fetchApiRef.id]),
    );
    const fetchApi = { fetch: jest.fn() };
    const client = factory!.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    });
    expect(client).toBeInstanceOf(HealthcareIntegrationClient);
    expect(healthcareIntegrationPlugin.routes).toEqual({
      entityContent: entityContentRouteRef,
      inbox: inboxRouteRef,
      policyPreview: policyPreviewRouteRef,
      portfolio: portfolioRouteRef,
    });
  });

  it('EntityHealthcareIntegrationContent renders the governance tab of the entity', async () => {
    const api = mockApi();
    api.getStatus.mockResolvedValue(
      governanceStatus({ viewer: viewerFor(SECURITY) }),
    );
    // As in a legacy EntityPage: the tab's route under the catalog's entity route.
    await renderRoute(
      api,
      '/catalog/:namespace/:kind/:name/healthcare-integration',
      <EntityProvider entity={integrationEntity}>
        <EntityHealthcareIntegrationContent />
      </EntityProvider>,
      '/catalog/default/component/ehr-lab-orders/healthcare-integration',
    );
    expect(
      await screen.findByTestId('gate-security-review'),
    ).toBeInTheDocument();
    // The section bar's links stay under the tab's route: the audit section opens in place.
    await userEvent.click(
      within(screen.getByTestId('section-link-audit')).getByRole('link'),
    );
    expect(
      await screen.findByRole('button', { name: 'Verify chain' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('gate-security-review')).toBeNull();
    expect(api.getStatus).toHaveBeenCalledWith(
      'component:default/ehr-lab-orders',
    );
  });

  it('EntityHealthcareIntegrationCard renders the status card linking to the tab', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={apisFor(api)}>
        <EntityProvider entity={integrationEntity}>
          <EntityHealthcareIntegrationCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('card-stage')).toHaveTextContent('Design');
    expect(
      screen.getByRole('link', { name: /Open integration governance/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ehr-lab-orders/healthcare-integration',
    );
  });

  it('HealthcareIntegrationInboxPage renders the reviewer inbox', async () => {
    const api = mockApi({
      getInbox: jest.fn().mockResolvedValue({
        items: [
          {
            entityRef: 'component:default/adt-analytics-feed',
            title: 'ADT analytics feed',
            gateId: 'security-review',
            gateTitle: 'Security review',
            stage: 'design',
            integrationStage: 'design',
            status: 'in-review',
            roles: ['securityReviewer'],
            openedAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
            dueAt: new Date(Date.now() + 86400_000).toISOString(),
            overdue: false,
            actionable: false,
            blockedBy: ['Intake review'],
            canDecide: false,
          },
        ],
        hasMore: false,
      }),
    });
    await renderRoute(
      api,
      '/healthcare-integration/inbox',
      <HealthcareIntegrationInboxPage />,
    );
    const row = await screen.findByTestId('inbox-row');
    expect(row).toHaveTextContent('Security review');
    expect(row).toHaveTextContent('ADT analytics feed');
    expect(row).toHaveTextContent('Blocked by Intake review');
  });

  it('HealthcareIntegrationPortfolioPage renders the portfolio', async () => {
    const api = mockApi({
      listIntegrations: jest.fn().mockResolvedValue({
        items: [
          {
            entityRef: 'component:default/ehr-lab-orders',
            title: 'Epic → Sunquest lab orders',
            stage: 'live',
            phi: true,
            externalVendor: false,
            patientFacing: false,
            requestedBy: 'user:default/priya.patel',
            gatesRequired: 6,
            gatesClosed: 6,
            overdueGates: 0,
            health: 'healthy',
            updatedAt: new Date().toISOString(),
            policyVersion: 1,
          },
        ],
        totalCount: 1,
        summary: {
          total: 1,
          byStage: {
            intake: 0,
            design: 0,
            build: 0,
            test: 0,
            ready: 0,
            live: 1,
            change: 0,
            retired: 0,
          },
          blocked: 0,
          overdue: 0,
          degraded: 0,
          down: 0,
          phiVendor: 0,
        },
      }),
    });
    await renderRoute(
      api,
      '/healthcare-integration/portfolio',
      <HealthcareIntegrationPortfolioPage />,
    );
    const row = await screen.findByTestId('portfolio-row');
    expect(row).toHaveTextContent('Epic → Sunquest lab orders');
    expect(row).toHaveTextContent('6/6 gates');
    expect(screen.getByTestId('portfolio-range')).toHaveTextContent('1–1 of 1');
  });
});
