import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { GovernancePolicy } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';

/**
 * The effective governance policy (waiver role, special gates, change types). Until it loads,
 * or if it cannot be loaded, actions that depend on it are not offered.
 */
export function usePolicy(): {
  policy?: GovernancePolicy;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(healthcareIntegrationApiRef);
  const state = useAsync(async () => (await api.getPolicy())?.policy, [api]);
  return { policy: state.value, loading: state.loading, error: state.error };
}
