// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { within, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { InboxItem } from '@hcig/backstage-plugin-healthcare-integration-common';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';
import { healthcareIntegrationApiRef } from '../../api';
import { mockApi } from '../../testing/fixtures';
import { InboxPage } from './InboxPage';

const item = (n: number, overdue: boolean): InboxItem => ({
  entityRef: `component:default/integration-${n}`,
  title: `Integration ${n}`,
  gateId: 'security-review',
  gateTitle: 'Security review',
  stage: 'design',
  integrationStage: 'intake',
  status: 'in-review',
  roles: ['securityReviewer'],
  openedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
  dueAt: new Date(Date.now() + (overdue ? -2 : 2) * 86400_000).toISOString(),
  overdue,
  // As the backend sends an item whose prerequisite gate is still open.
  actionable: false,
  blockedBy: ['Intake review'],
  canDecide: true,
});

const render = (api: ReturnType<typeof mockApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[healthcareIntegrationApiRef, api]]}>
      <InboxPage />
    </TestApiProvider>,
  );

describe('InboxPage', () => {
  it('says so when nothing awaits the viewer', async () => {
    const api = mockApi({
      getInbox: jest.fn().mockResolvedValue({ items: [], hasMore: false }),
    });
    await render(api);
    expect(await screen.findByText('Nothing awaits you')).toBeInTheDocument();
  });

  it('lists gates in server order, highlights overdue ones and links to the entity tab', async () => {
    const api = mockApi({
      getInbox: jest.fn().mockResolvedValue({
        items: [item(1, true), item(2, false)],
        hasMore: false,
      }),
    });
    await render(api);
    const rows = await screen.findAllByTestId('inbox-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Integration 1');
    expect(rows[0]).toHaveAttribute('data-overdue', 'true');
    expect(rows[0]).toHaveTextContent('Overdue');
    expect(rows[1]).toHaveAttribute('data-overdue', 'false');
    expect(screen.getByRole('link', { name: 'Integration 1' })).toHaveAttribute(
      'href',
      '/catalog/default/component/integration-1/healthcare-integration',
    );
    // The gate's own link opens the tab at the gate.
    const gateLink = within(rows[0]).getAllByRole('link')[1];
    expect(gateLink).toHaveAttribute(
      'href',
      '/catalog/default/component/integration-1/healthcare-integration?gate=security-review',
    );
    expect(screen.getByText(/1 overdue/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('shows both stages and what blocks an item, or that it is actionable now', async () => {
    const actionable = { ...item(2, false), actionable: true, blockedBy: [] };
    await render(
      mockApi({
        getInbox: jest.fn().mockResolvedValue({
          items: [actionable, item(1, false)],
          hasMore: false,
        }),
      }),
    );
    const cells = await screen.findAllByTestId('inbox-actionable');
    expect(cells.map(c => c.textContent)).toEqual([
      'Actionable now',
      'Blocked by Intake review',
    ]);
    expect(screen.getAllByTestId('inbox-stages')[0]).toHaveTextContent(
      'Integration: Intake · Gate: Design',
    );
  });

  it('refetches when the backend signals that a record changed', async () => {
    let deliver: (m: any) => void = () => {};
    const signals: SignalApi = {
      subscribe(channel, onMessage) {
        if (channel === 'healthcare-integration:portfolio')
          deliver = onMessage as (m: any) => void;
        return { unsubscribe: () => {} };
      },
    };
    const getInbox = jest
      .fn()
      .mockResolvedValue({ items: [item(1, false)], hasMore: false });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [healthcareIntegrationApiRef, mockApi({ getInbox })],
          [signalApiRef, signals],
        ]}
      >
        <InboxPage />
      </TestApiProvider>,
    );
    await screen.findAllByTestId('inbox-row');
    expect(getInbox).toHaveBeenCalledTimes(1);
    act(() => deliver({ type: 'changed' }));
    await waitFor(() => expect(getInbox).toHaveBeenCalledTimes(2));
  });

  it('asks for more when the server has more', async () => {
    const getInbox = jest
      .fn()
      .mockResolvedValueOnce({ items: [item(1, false)], hasMore: true })
      .mockResolvedValueOnce({
        items: [item(1, false), item(2, false)],
        hasMore: false,
      });
    await render(mockApi({ getInbox }));
    expect(getInbox).toHaveBeenLastCalledWith({ limit: 50 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show more' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('inbox-row')).toHaveLength(2),
    );
    expect(getInbox).toHaveBeenLastCalledWith({ limit: 100 });
  });

  it('shows an error panel when the inbox cannot be loaded', async () => {
    await render(
      mockApi({
        getInbox: jest.fn().mockRejectedValue(new Error('inbox broke')),
      }),
    );
    expect(
      await screen.findByText(/Could not load your inbox/),
    ).toBeInTheDocument();
  });
});
