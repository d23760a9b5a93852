import { renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { fakeSignals } from '../testing/fakeSignals';
import { useGovernanceUpdates } from './useGovernanceUpdates';

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
