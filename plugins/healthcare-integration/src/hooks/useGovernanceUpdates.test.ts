import { act, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { useGovernanceUpdates } from './useGovernanceUpdates';

/** A signal API that delivers what the test publishes, to the channel's subscribers. */
function fakeSignals() {
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
  return { api, publish };
}

const withSignals =
  (api: SignalApi) =>
  ({ children }: { children: ReactNode }) =>
    createElement(TestApiProvider, { apis: [[signalApiRef, api]], children });

describe('useGovernanceUpdates', () => {
  it('refetches when the record it shows changes, and not for another record', () => {
    const signals = fakeSignals();
    const refetch = jest.fn();
    const wrapper = withSignals(signals.api);
    const { result } = renderHook(
      () => useGovernanceUpdates('component:default/lab-feed', refetch),
      { wrapper },
    );
    expect(result.current.live).toBe(true);
    expect(refetch).not.toHaveBeenCalled();
    signals.publish('healthcare-integration:record:component:default/other');
    expect(refetch).not.toHaveBeenCalled();
    signals.publish('healthcare-integration:record:component:default/lab-feed');
    expect(refetch).toHaveBeenCalledTimes(1);
    signals.publish('healthcare-integration:record:component:default/lab-feed');
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it('listens on the portfolio channel without a record', () => {
    const signals = fakeSignals();
    const refetch = jest.fn();
    const wrapper = withSignals(signals.api);
    renderHook(() => useGovernanceUpdates(undefined, refetch), { wrapper });
    signals.publish('healthcare-integration:portfolio');
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
