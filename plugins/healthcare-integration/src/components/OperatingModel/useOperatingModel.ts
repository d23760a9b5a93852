import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { healthcareIntegrationApiRef } from '../../api';

/**
 * The record's operating model and its versions. Reloaded when the audit head moves: an
 * implemented change is an audit event, and it is what makes a new version.
 */
export function useOperatingModel(recordRef: string, headSeq: number) {
  const api = useApi(healthcareIntegrationApiRef);
  return useAsyncRetry(
    () => api.getOperatingModel(recordRef),
    [api, recordRef, headSeq],
  );
}
