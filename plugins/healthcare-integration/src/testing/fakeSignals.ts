import { act } from '@testing-library/react';
import type { SignalApi } from '@backstage/plugin-signals-react';

/**
 * A signal API that delivers what the test publishes to the channel's subscribers, as the
 * signals plugin's client does with what the backend publishes.
 */
export function fakeSignals() {
  const subscribers = new Map<string, Set<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (m: any) => void);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as (m: any) => void) };
    },
  };
  const publish = (channel: string) =>
    act(() => subscribers.get(channel)?.forEach(fn => fn({ type: 'changed' })));
  const subscribed = (channel: string) => subscribers.get(channel)?.size ?? 0;
  return { api, publish, subscribed };
}
