// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { healthcareIntegrationApiRef } from '../../api';
import {
  governanceStatus,
  integrationEntity,
  mockApi,
  monitoringSummary,
} from '../../testing/fixtures';
import { StatusCard } from './StatusCard';

describe('StatusCard', () => {
  it('shows stage, open gates, health, the next action with its owner, and links to the tab', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[healthcareIntegrationApiRef, mockApi()]]}>
        <EntityProvider entity={integrationEntity}>
          <StatusCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('card-stage')).toHaveTextContent('Design');
    expect(screen.getByTestId('card-open-gates')).toHaveTextContent(
      '1 (1 overdue)',
    );
    expect(
      await screen.findByLabelText('Health: Degraded'),
    ).toBeInTheDocument();
    // Design stage: the overdue gate comes before the exception (severe exceptions lead once live).
    expect(screen.getByTestId('card-next-action')).toHaveTextContent(
      'Decide “Security review”',
    );
    expect(screen.getByTestId('card-next-action')).toHaveTextContent(
      'Owner: Security reviewer (security-office)',
    );
    expect(
      screen.getByRole('link', { name: /Open integration governance/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ehr-lab-orders/healthcare-integration',
    );
  });

  it('shows an error when the status cannot be loaded', async () => {
    const api = mockApi({
      getStatus: jest.fn().mockRejectedValue(new Error('nope')),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
        <EntityProvider entity={integrationEntity}>
          <StatusCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/Could not load the governance status/),
    ).toBeInTheDocument();
  });

  it('makes an open error exception of a live integration the next action, for the role it is routed to', async () => {
    const base = governanceStatus();
    const live = governanceStatus({
      record: { ...base.record, stage: 'live' },
      gates: base.gates.map(g => ({ ...g, status: 'approved' as const })),
      nextStage: undefined,
      blockers: [],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            healthcareIntegrationApiRef,
            mockApi({ getStatus: jest.fn().mockResolvedValue(live) }),
          ],
        ]}
      >
        <EntityProvider entity={integrationEntity}>
          <StatusCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const next = await screen.findByTestId('card-next-action');
    await waitFor(() =>
      expect(next).toHaveTextContent(
        'Acknowledge and resolve the error exception “Failed message” (12 events)',
      ),
    );
    expect(next).toHaveTextContent(
      'Owner: Integration owner (integration-engineering)',
    );
    expect(
      screen.getByRole('link', { name: /Failed message/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ehr-lab-orders/healthcare-integration?exception=ex-1',
    );
  });

  it('says "Not monitored yet" for a record that is not live, not "unknown"', async () => {
    // What the backend sends for a design-stage record without open exceptions (rules/health).
    const quiet = {
      ...monitoringSummary,
      health: 'unknown' as const,
      reason: 'not live (stage design)',
      lastSignalAt: undefined,
      exceptions: [],
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            healthcareIntegrationApiRef,
            mockApi({ getMonitoring: jest.fn().mockResolvedValue(quiet) }),
          ],
        ]}
      >
        <EntityProvider entity={integrationEntity}>
          <StatusCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('card-stage')).toHaveTextContent('Design');
    expect(
      await screen.findByLabelText('Health: Not monitored yet'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Health: Unknown')).toBeNull();
  });
});
