import React from 'react';
import InboxIcon from '@material-ui/icons/Inbox';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import ViewListIcon from '@material-ui/icons/ViewList';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ENTITY_TAB_PATH,
  HealthcareIntegrationClient,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from './api';
import {
  entityContentRouteRef,
  inboxRouteRef,
  policyPreviewRouteRef,
  portfolioRouteRef,
} from './routes';

/** Which entities get the tab and the card; a predicate so app-config can override it. */
const integrationFilter = {
  kind: 'component',
  'spec.type': 'healthcare-integration',
};

const healthcareIntegrationApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: healthcareIntegrationApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HealthcareIntegrationClient({ discoveryApi, fetchApi }),
    }),
});

const governanceEntityContent = EntityContentBlueprint.make({
  params: {
    path: ENTITY_TAB_PATH,
    title: 'Integration governance',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: integrationFilter,
    loader: () =>
      import('./components/GovernanceContent').then(m =>
        compatWrapper(<m.GovernanceContent />),
      ),
  },
});

const statusEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: integrationFilter,
    loader: () =>
      import('./components/StatusCard').then(m =>
        compatWrapper(<m.StatusCard />),
      ),
  },
});

// NavItemBlueprint is gone from @backstage/frontend-plugin-api 0.18: a page with a title and
// an icon is what the app's nav discovers, so these two pages are also the sidebar items.
const inboxPage = PageBlueprint.make({
  name: 'inbox',
  params: {
    path: '/healthcare-integration/inbox',
    title: 'Reviewer inbox',
    icon: <InboxIcon />,
    routeRef: convertLegacyRouteRef(inboxRouteRef),
    // The page renders its own Backstage header.
    noHeader: true,
    loader: () =>
      import('./components/InboxPage').then(m =>
        compatWrapper(<m.InboxPage />),
      ),
  },
});

const portfolioPage = PageBlueprint.make({
  name: 'portfolio',
  params: {
    path: '/healthcare-integration/portfolio',
    title: 'Integration portfolio',
    icon: <ViewListIcon />,
    routeRef: convertLegacyRouteRef(portfolioRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/PortfolioPage').then(m =>
        compatWrapper(<m.PortfolioPage />),
      ),
  },
});

const policyPreviewPage = PageBlueprint.make({
  name: 'policy-preview',
  params: {
    path: '/healthcare-integration/policy-preview',
    title: 'Policy preview',
    icon: <CompareArrowsIcon />,
    routeRef: convertLegacyRouteRef(policyPreviewRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/PolicyPreview').then(m =>
        compatWrapper(<m.PolicyPreviewPage />),
      ),
  },
});

/**
 * The healthcare integration governance plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'healthcare-integration',
  title: 'Healthcare integrations',
  icon: <ViewListIcon />,
  routes: convertLegacyRouteRefs({
    entityContent: entityContentRouteRef,
    inbox: inboxRouteRef,
    portfolio: portfolioRouteRef,
    policyPreview: policyPreviewRouteRef,
  }),
  extensions: [
    healthcareIntegrationApi,
    governanceEntityContent,
    statusEntityCard,
    inboxPage,
    portfolioPage,
    policyPreviewPage,
  ],
});

export {
  healthcareIntegrationApiRef,
  type HealthcareIntegrationApi,
} from './api';
