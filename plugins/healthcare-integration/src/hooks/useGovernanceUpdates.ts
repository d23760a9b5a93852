import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';

/** The channel the backend signals on when one record changed (notifications/signals.ts). */
export const recordUpdatesChannel = (entityRef: string) =>
  `healthcare-integration:record:${entityRef}`;

/** The channel the backend signals on when any record changed (inbox, portfolio). */
export const PORTFOLIO_UPDATES_CHANNEL = 'healthcare-integration:portfolio';

/**
 * Calls `refetch` when the backend signals that another user changed the record (or, without
 * a record, any record). The signal carries no data: the page refetches through the
 * permission-checked routes. Without the signals plugin nothing happens.
 */
export function useGovernanceUpdates(
  entityRef: string | undefined,
  refetch: () => void,
): { live: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal(
    entityRef ? recordUpdatesChannel(entityRef) : PORTFOLIO_UPDATES_CHANNEL,
  );
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (lastSignal) latest.current();
  }, [lastSignal]);
  return { live: isSignalsAvailable };
}
