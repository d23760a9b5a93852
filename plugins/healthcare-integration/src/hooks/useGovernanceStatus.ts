import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  canonicalJson,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';
import { useGovernanceUpdates } from './useGovernanceUpdates';

/**
 * The record's full governance status. Mutations return the new status, so `update` replaces
 * it in place instead of refetching; `retry` refetches (e.g. after an evidence upload, which
 * returns only the evidence).
 *
 * Only `GET` carries `viewer` (who is looking, with the roles the backend resolved); a
 * mutation's status does not. `update` keeps the viewer it had, and refetches when the record's
 * role holders changed (an applied record change), since the viewer's roles may have changed too.
 *
 * When another user changes the record, the backend's signal makes it refetch (`live` says
 * whether signals are available at all).
 */
export function useGovernanceStatus(recordRef: string) {
  const api = useApi(healthcareIntegrationApiRef);
  const [latest, setLatest] = useState<GovernanceStatus>();
  const state = useAsyncRetry(() => api.getStatus(recordRef), [api, recordRef]);
  const { retry } = state;
  const { live } = useGovernanceUpdates(recordRef, retry);

  // A fresh fetch supersedes whatever a mutation left behind.
  useEffect(() => {
    if (state.value) setLatest(state.value);
  }, [state.value]);
  useEffect(() => setLatest(undefined), [recordRef]);

  const current = latest ?? state.value;
  const update = useCallback(
    (next: GovernanceStatus) => {
      if (next.viewer || !current?.viewer) {
        setLatest(next);
        return;
      }
      setLatest({ ...next, viewer: current.viewer });
      if (
        canonicalJson(next.record.roles) !== canonicalJson(current.record.roles)
      )
        retry();
    },
    [current, retry],
  );
  return {
    status: current,
    // Only the first load shows a spinner; refreshes keep the current view on screen.
    loading: state.loading && !current,
    error: current ? undefined : state.error,
    refreshError: current ? state.error : undefined,
    retry,
    update,
    live,
  };
}
