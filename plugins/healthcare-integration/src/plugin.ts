import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { HealthcareIntegrationClient } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from './api';
import {
  entityContentRouteRef,
  inboxRouteRef,
  policyPreviewRouteRef,
  portfolioRouteRef,
} from './routes';

/**
 * The healthcare integration governance plugin (legacy frontend system). For the new frontend
 * system use the default export of `@hcig/backstage-plugin-healthcare-integration/alpha`.
 *
 * @public
 */
export const healthcareIntegrationPlugin = createPlugin({
  id: 'healthcare-integration',
  apis: [
    createApiFactory({
      api: healthcareIntegrationApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HealthcareIntegrationClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityContentRouteRef,
    inbox: inboxRouteRef,
    portfolio: portfolioRouteRef,
    policyPreview: policyPreviewRouteRef,
  },
});

/**
 * The "Integration governance" entity tab: lifecycle, gates, evidence, tests, changes,
 * monitoring and the audit trail.
 *
 * @public
 */
export const EntityHealthcareIntegrationContent: () => JSX.Element | null =
  healthcareIntegrationPlugin.provide(
    createRoutableExtension({
      name: 'EntityHealthcareIntegrationContent',
      component: () =>
        import('./components/GovernanceContent').then(m => m.GovernanceContent),
      mountPoint: entityContentRouteRef,
    }),
  );

/**
 * Overview card: stage, open gates, health, next action and its owner.
 *
 * @public
 */
export const EntityHealthcareIntegrationCard: () => JSX.Element =
  healthcareIntegrationPlugin.provide(
    createComponentExtension({
      name: 'EntityHealthcareIntegrationCard',
      component: {
        lazy: () => import('./components/StatusCard').then(m => m.StatusCard),
      },
    }),
  );

/**
 * Reviewer inbox page.
 *
 * @public
 */
export const HealthcareIntegrationInboxPage: () => JSX.Element =
  healthcareIntegrationPlugin.provide(
    createRoutableExtension({
      name: 'HealthcareIntegrationInboxPage',
      component: () => import('./components/InboxPage').then(m => m.InboxPage),
      mountPoint: inboxRouteRef,
    }),
  );

/**
 * Portfolio page.
 *
 * @public
 */
export const HealthcareIntegrationPortfolioPage: () => JSX.Element =
  healthcareIntegrationPlugin.provide(
    createRoutableExtension({
      name: 'HealthcareIntegrationPortfolioPage',
      component: () =>
        import('./components/PortfolioPage').then(m => m.PortfolioPage),
      mountPoint: portfolioRouteRef,
    }),
  );

/**
 * Policy preview page: what a candidate policy would do across the portfolio.
 *
 * @public
 */
export const HealthcareIntegrationPolicyPreviewPage: () => JSX.Element =
  healthcareIntegrationPlugin.provide(
    createRoutableExtension({
      name: 'HealthcareIntegrationPolicyPreviewPage',
      component: () =>
        import('./components/PolicyPreview').then(m => m.PolicyPreviewPage),
      mountPoint: policyPreviewRouteRef,
    }),
  );
