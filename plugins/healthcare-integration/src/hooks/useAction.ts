import { useCallback, useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { apiErrorMessage } from '../errors';

/**
 * Runs a mutation with a pending flag. A failure is reported through the alert API with the
 * backend's own message (it names the field or rule that refused it) and kept in `error`, so a
 * dialog can show it next to the form; the result is then undefined.
 */
export function useAction() {
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async <T>(
      fn: () => Promise<T>,
      success?: string,
    ): Promise<T | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        const result = await fn();
        if (success)
          alertApi.post({
            message: success,
            severity: 'success',
            display: 'transient',
          });
        return result;
      } catch (e) {
        const message = apiErrorMessage(e);
        setError(message);
        alertApi.post({ message, severity: 'error' });
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [alertApi],
  );
  const clearError = useCallback(() => setError(undefined), []);
  return { pending, run, error, clearError };
}
