// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { healthcareIntegrationApiRef } from '../../api';
import {
  governanceStatus,
  integrationEntity,
  mockApi,
} from '../../testing/fixtures';
import { StatusCard, nextAction } from './StatusCard';

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
    expect(await screen.findByLabelText('health degraded')).toBeInTheDocument();
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

  it('names the requester when the next gate is blocked', () => {
    const status = governanceStatus();
    status.gates[1] = { ...status.gates[1], blockers: ['needs baa evidence'] };
    expect(nextAction(status)).toEqual({
      action: 'Resolve for “Security review”: needs baa evidence',
      owner: 'Requester (priya.patel)',
    });
  });
});
