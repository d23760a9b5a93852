import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { healthcareIntegrationApiRef } from '../api';

/**
 * The record's audit trail. `headSeq` (from the status) is a dependency so the trail refetches
 * whenever a mutation appended to the chain.
 */
export function useAuditTrail(
  recordRef: string,
  headSeq: number,
  enabled = true,
) {
  const api = useApi(healthcareIntegrationApiRef);
  return useAsyncRetry(
    async () => (enabled ? (await api.getAuditTrail(recordRef)).items : []),
    [api, recordRef, headSeq, enabled],
  );
}
