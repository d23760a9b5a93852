import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Integration governance" entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'healthcare-integration:entity-content',
});

/** Reviewer inbox: gates awaiting a role the viewer holds. */
export const inboxRouteRef = createRouteRef({
  id: 'healthcare-integration:inbox',
});

/** Portfolio of all governed integrations. */
export const portfolioRouteRef = createRouteRef({
  id: 'healthcare-integration:portfolio',
});

/** Preview of a policy change across the portfolio. */
export const policyPreviewRouteRef = createRouteRef({
  id: 'healthcare-integration:policy-preview',
});
