// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { useLocation } from 'react-router-dom';
import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  STAGES,
  type IntegrationSummary,
  type PortfolioPage as PortfolioPageData,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';
import { PortfolioPage } from '../components/PortfolioPage';
import { mockApi } from './fixtures';

/** One portfolio item as GET /integrations sends it (queries/portfolio.ts). */
export const portfolioItem = (
  n: number,
  overrides: Partial<IntegrationSummary> = {},
): IntegrationSummary => ({
  entityRef: `component:default/integration-${String(n).padStart(5, '0')}`,
  title: `Integration ${n}`,
  stage: 'test',
  phi: true,
  externalVendor: false,
  patientFacing: false,
  requestedBy: 'user:default/priya.patel',
  gatesRequired: 6,
  gatesClosed: 4,
  overdueGates: 0,
  health: 'healthy',
  updatedAt: new Date().toISOString(),
  ...overrides,
});

/**
 * A response as GET /integrations sends it: the page and the summary of the filtered set,
 * counted from the items (a single page, so the page is the whole filtered set).
 */
export const portfolioPageOf = (
  items: IntegrationSummary[],
  rest: Partial<PortfolioPageData> = {},
): PortfolioPageData => {
  const byStage = Object.fromEntries(STAGES.map(s => [s, 0])) as Record<
    Stage,
    number
  >;
  for (const item of items) byStage[item.stage] += 1;
  const count = (test: (i: IntegrationSummary) => boolean) =>
    items.filter(test).length;
  return {
    items,
    totalCount: items.length,
    summary: {
      total: items.length,
      byStage,
      blocked: 0,
      overdue: count(i => i.overdueGates > 0),
      degraded: count(i => i.health === 'degraded'),
      down: count(i => i.health === 'down'),
      phiVendor: count(i => i.phi && i.externalVendor),
    },
    ...rest,
  };
};

/** The page's query string, shown so a test can read what the URL says. */
function LocationProbe() {
  return <output data-testid="location-search">{useLocation().search}</output>;
}

export const renderPortfolio = (
  api: ReturnType<typeof mockApi>,
  url = '/portfolio',
) =>
  renderInTestApp(
    <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
      <PortfolioPage />
      <LocationProbe />
    </TestApiProvider>,
    { routeEntries: [url] },
  );

/** A select of the filter bar (the table headers and summary counts are buttons too). */
export const filterSelect = (label: string) =>
  within(screen.getByRole('group', { name: 'Filters' })).getByRole('button', {
    name: new RegExp(`^${label}`),
  });
