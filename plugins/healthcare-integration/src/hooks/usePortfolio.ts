import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type {
  PortfolioQuery,
  PortfolioSort,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';

export type PortfolioFilters = Pick<
  PortfolioQuery,
  | 'stage'
  | 'phi'
  | 'vendor'
  | 'blocked'
  | 'q'
  | 'overdue'
  | 'health'
  | 'policyVersion'
>;

/** The cursors of a list that is on its first page: one stable array, not a new one per render. */
const FIRST_PAGE: ReadonlyArray<string | undefined> = [undefined];

/**
 * One server-side page of the portfolio at a time. The cursor of every page visited is kept,
 * so "previous" is exact; a filter change starts again at the first page. Nothing here ever
 * loads more than `limit` rows, so it stays fast with tens of thousands of integrations.
 * A sort is the backend's (`title`, `-title`, ...): changing it also starts at the first page,
 * since a cursor continues one order only.
 */
export function usePortfolio(
  filters: PortfolioFilters,
  sort: PortfolioSort | undefined,
  limit = 25,
) {
  const api = useApi(healthcareIntegrationApiRef);
  // cursors[i] is the cursor of page i; the first page has none. The list belongs to the
  // filters and sort it was built for, so new ones start at page 0 in the same render (no reset
  // effect, no request with a stale cursor).
  const key = JSON.stringify({ filters, sort, limit });
  const [paged, setPaged] = useState<{
    key: string;
    cursors: Array<string | undefined>;
  }>({
    key,
    cursors: [undefined],
  });
  const cursors = paged.key === key ? paged.cursors : FIRST_PAGE;
  const cursor = cursors[cursors.length - 1];

  const state = useAsyncRetry(
    () =>
      api.listIntegrations({
        ...filters,
        ...(sort ? { sort } : {}),
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    // `key` stands for the filters (by value, not by object identity), the sort and the limit.
    [api, key, limit, cursor],
  );

  const nextCursor = state.value?.nextCursor;
  const next = useCallback(() => {
    if (nextCursor) setPaged({ key, cursors: [...cursors, nextCursor] });
  }, [key, cursors, nextCursor]);
  const previous = useCallback(() => {
    if (cursors.length > 1) setPaged({ key, cursors: cursors.slice(0, -1) });
  }, [key, cursors]);

  return {
    ...state,
    pageIndex: cursors.length - 1,
    hasNext: Boolean(state.value?.nextCursor),
    hasPrevious: cursors.length > 1,
    next,
    previous,
  };
}
