import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { PortfolioQuery } from '@internal/plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';

export type PortfolioFilters = Pick<PortfolioQuery, 'stage' | 'phi' | 'q' | 'overdue' | 'health'>;

/**
 * One server-side page of the portfolio at a time. The cursor of every page visited is kept,
 * so "previous" is exact; a filter change starts again at the first page. Nothing here ever
 * loads more than `limit` rows, so it stays fast with tens of thousands of integrations.
 */
export function usePortfolio(filters: PortfolioFilters, limit = 25) {
  const api = useApi(healthcareIntegrationApiRef);
  // cursors[i] is the cursor of page i; the first page has none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const key = JSON.stringify(filters);
  useEffect(() => setCursors([undefined]), [key, limit]);
  const cursor = cursors[cursors.length - 1];

  const state = useAsync(
    () => api.listIntegrations({ ...filters, limit, ...(cursor ? { cursor } : {}) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, limit, cursor],
  );

  const next = useCallback(() => {
    const nextCursor = state.value?.nextCursor;
    if (nextCursor) setCursors(c => [...c, nextCursor]);
  }, [state.value?.nextCursor]);
  const previous = useCallback(() => setCursors(c => (c.length > 1 ? c.slice(0, -1) : c)), []);

  return {
    ...state,
    pageIndex: cursors.length - 1,
    hasNext: Boolean(state.value?.nextCursor),
    hasPrevious: cursors.length > 1,
    next,
    previous,
  };
}
