import {
  HEALTH_STATES,
  PORTFOLIO_SORTS,
  STAGES,
  type PortfolioSort,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { PortfolioFilters } from '../../hooks/usePortfolio';

/**
 * The portfolio's filters and sort live in the URL, so a summary count or a policy version
 * (the policy page links to `portfolio?policyVersion=N`) is a link someone can share.
 */

const BOOLEAN = ['true', 'false'] as const;

function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | null,
): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** The filters a URL names; values the page cannot show are ignored. */
export function filtersFromUrl(params: URLSearchParams): PortfolioFilters {
  const filters: PortfolioFilters = {
    stage: oneOf(STAGES, params.get('stage')),
    phi: oneOf(BOOLEAN, params.get('phi')),
    vendor: oneOf(BOOLEAN, params.get('vendor')),
    blocked: oneOf(BOOLEAN, params.get('blocked')),
    overdue: oneOf(BOOLEAN, params.get('overdue')),
    health: oneOf(HEALTH_STATES, params.get('health')),
    q: params.get('q')?.trim() || undefined,
  };
  // Not checked here: the backend names what is wrong with a version that does not exist.
  const version = params.get('policyVersion');
  if (version) filters.policyVersion = Number(version);
  return filters;
}

export function sortFromUrl(
  params: URLSearchParams,
): PortfolioSort | undefined {
  return oneOf(PORTFOLIO_SORTS, params.get('sort'));
}

/** The URL query of `filters` and `sort`, without the unset ones. */
export function portfolioSearch(
  filters: PortfolioFilters,
  sort: PortfolioSort | undefined,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, sort })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}
