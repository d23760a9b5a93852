import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { GovernanceStatus } from '@internal/plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';

/**
 * The record's full governance status. Mutations return the new status, so `update` replaces
 * it in place instead of refetching; `retry` refetches (e.g. after an evidence upload, which
 * returns only the evidence).
 */
export function useGovernanceStatus(recordRef: string) {
  const api = useApi(healthcareIntegrationApiRef);
  const [latest, setLatest] = useState<GovernanceStatus>();
  const state = useAsyncRetry(() => api.getStatus(recordRef), [api, recordRef]);

  // A fresh fetch supersedes whatever a mutation left behind.
  useEffect(() => {
    if (state.value) setLatest(state.value);
  }, [state.value]);
  useEffect(() => setLatest(undefined), [recordRef]);

  const update = useCallback((status: GovernanceStatus) => setLatest(status), []);
  const status = latest ?? state.value;
  return {
    status,
    // Only the first load shows a spinner; refreshes keep the current view on screen.
    loading: state.loading && !status,
    error: status ? undefined : state.error,
    refreshError: status ? state.error : undefined,
    retry: state.retry,
    update,
  };
}
