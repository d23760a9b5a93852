import { useCallback, useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * Runs a mutation with a pending flag; failures are reported through the alert API (the
 * backend's message names the field or rule that refused it) and the result is undefined.
 */
export function useAction() {
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async <T>(fn: () => Promise<T>, success?: string): Promise<T | undefined> => {
      setPending(true);
      try {
        const result = await fn();
        if (success) alertApi.post({ message: success, severity: 'success', display: 'transient' });
        return result;
      } catch (e) {
        alertApi.post({ message: (e as Error).message, severity: 'error' });
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [alertApi],
  );
  return { pending, run };
}
