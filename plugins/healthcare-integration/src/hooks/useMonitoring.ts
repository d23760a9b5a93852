import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { MonitoringSummary } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';
import { useGovernanceUpdates } from './useGovernanceUpdates';

/**
 * The record's monitoring summary; `update` takes the summary an acknowledge/resolve returns.
 * A signal that the record changed (another user's acknowledgement, new exceptions) refetches it.
 */
export function useMonitoring(recordRef: string) {
  const api = useApi(healthcareIntegrationApiRef);
  const state = useAsyncRetry(
    () => api.getMonitoring(recordRef),
    [api, recordRef],
  );
  useGovernanceUpdates(recordRef, state.retry);
  const [latest, setLatest] = useState<MonitoringSummary>();
  useEffect(() => {
    if (state.value) setLatest(state.value);
  }, [state.value]);
  const summary = latest ?? state.value;
  return {
    summary,
    loading: state.loading && !summary,
    error: summary ? undefined : state.error,
    update: useCallback((s: MonitoringSummary) => setLatest(s), []),
    retry: state.retry,
  };
}
