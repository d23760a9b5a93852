// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { fireEvent, within, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef, type AlertApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GovernanceStatus,
  InboxItem,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { healthcareIntegrationApiRef } from '../../api';
import { fakeSignals } from '../../testing/fakeSignals';
import {
  governanceStatus,
  mockApi,
  mutationResponse,
} from '../../testing/fixtures';
import { InboxPage } from './InboxPage';

jest.setTimeout(20_000);

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

/** As the backend sends an item nothing blocks and the viewer may decide. */
const decidable = (n: number): InboxItem => ({
  ...item(n, false),
  actionable: true,
  blockedBy: [],
});

const alertApi = () => {
  const api: jest.Mocked<Pick<AlertApi, 'post'>> = { post: jest.fn() };
  return api as unknown as jest.Mocked<AlertApi>;
};

const render = (
  api: ReturnType<typeof mockApi>,
  alerts: AlertApi = alertApi(),
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [healthcareIntegrationApiRef, api],
        [alertApiRef, alerts],
      ]}
    >
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
    // Nothing here can be decided now: no decision column.
    expect(screen.queryByRole('columnheader', { name: 'Decide' })).toBeNull();
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
    const signals = fakeSignals();
    const getInbox = jest
      .fn()
      .mockResolvedValue({ items: [item(1, false)], hasMore: false });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [healthcareIntegrationApiRef, mockApi({ getInbox })],
          [signalApiRef, signals.api],
        ]}
      >
        <InboxPage />
      </TestApiProvider>,
    );
    await screen.findAllByTestId('inbox-row');
    expect(getInbox).toHaveBeenCalledTimes(1);
    signals.publish('healthcare-integration:portfolio');
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

const REFUSAL =
  'Gate security-review cannot be approved yet: no Security review report uploaded yet (rule: approval-needs-what-the-gate-covers)';

/** A 409 exactly as the Backstage backend's error handler writes it. */
const refusal = () =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message: REFUSAL },
        request: {
          method: 'POST',
          url: '/api/healthcare-integration/integrations/default/integration-2/gates/security-review/decisions',
        },
        response: { statusCode: 409 },
      }),
      {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );

async function submitDecision(button: string, comment = 'Reviewed the report') {
  await userEvent.click(await screen.findByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  fireEvent.change(within(dialog).getByLabelText(/Comment/), {
    target: { value: comment },
  });
  await userEvent.click(
    within(dialog).getByRole('button', { name: 'Submit decision' }),
  );
  return dialog;
}

describe('InboxPage: inline decisions', () => {
  it('offers Approve, Request changes and Reject only where the viewer may decide now', async () => {
    const cannotDecide = { ...decidable(3), canDecide: false };
    const blocked = item(4, false); // canDecide, but a prerequisite gate is open
    await render(
      mockApi({
        getInbox: jest.fn().mockResolvedValue({
          items: [decidable(2), cannotDecide, blocked],
          hasMore: false,
        }),
      }),
    );
    const rows = await screen.findAllByTestId('inbox-row');
    expect(
      screen.getByRole('columnheader', { name: 'Decide' }),
    ).toBeInTheDocument();
    expect(
      within(rows[0])
        .getAllByRole('button')
        .map(b => b.getAttribute('aria-label')),
    ).toEqual([
      'Approve Security review for Integration 2',
      'Request changes on Security review for Integration 2',
      'Reject Security review for Integration 2',
    ]);
    expect(within(rows[1]).queryAllByRole('button')).toEqual([]);
    expect(within(rows[2]).queryAllByRole('button')).toEqual([]);
    // The blocked item says why; the undecidable one keeps its link to the gate.
    expect(within(rows[2]).getByTestId('inbox-actionable')).toHaveTextContent(
      'Blocked by Intake review',
    );
    expect(
      within(rows[1]).getByRole('link', { name: 'Security review' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/integration-3/healthcare-integration?gate=security-review',
    );
  });

  it('approves through the client, announces it by the gate, and refetches the list', async () => {
    const getInbox = jest
      .fn()
      .mockResolvedValueOnce({ items: [decidable(2)], hasMore: false })
      .mockResolvedValue({ items: [], hasMore: false });
    const api = mockApi({ getInbox });
    api.decideGate.mockResolvedValue(mutationResponse(governanceStatus()));
    const alerts = alertApi();
    await render(api, alerts);
    const dialog = await submitDecision(
      'Approve Security review for Integration 2',
    );
    expect(api.decideGate).toHaveBeenCalledTimes(1);
    expect(api.decideGate).toHaveBeenCalledWith(
      'component:default/integration-2',
      'security-review',
      { decision: 'approve', comment: 'Reviewed the report' },
    );
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(alerts.post).toHaveBeenCalledWith(
      expect.objectContaining({
        severity: 'success',
        message: 'Approved Security review for Integration 2',
      }),
    );
    await waitFor(() => expect(getInbox).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('Nothing awaits you')).toBeInTheDocument();
  });

  it('sends the decision chosen: request changes', async () => {
    const api = mockApi({
      getInbox: jest
        .fn()
        .mockResolvedValue({ items: [decidable(2)], hasMore: false }),
    });
    api.decideGate.mockResolvedValue(mutationResponse(governanceStatus()));
    await render(api);
    await submitDecision(
      'Request changes on Security review for Integration 2',
      'Add the pen-test report',
    );
    expect(api.decideGate).toHaveBeenCalledWith(
      'component:default/integration-2',
      'security-review',
      { decision: 'request-changes', comment: 'Add the pen-test report' },
    );
  });

  it('shows a refusal’s rule in the dialog, keeps the comment and changes nothing else', async () => {
    const getInbox = jest
      .fn()
      .mockResolvedValue({ items: [decidable(2)], hasMore: false });
    const api = mockApi({ getInbox });
    api.decideGate.mockRejectedValue(await refusal());
    const alerts = alertApi();
    await render(api, alerts);
    const dialog = await submitDecision(
      'Approve Security review for Integration 2',
    );
    expect(await within(dialog).findByTestId('dialog-error')).toHaveTextContent(
      REFUSAL,
    );
    expect(within(dialog).getByLabelText(/Comment/)).toHaveValue(
      'Reviewed the report',
    );
    expect(screen.queryByText(/Request failed with 409/)).toBeNull();
    expect(alerts.post).not.toHaveBeenCalledWith(
      expect.objectContaining({ severity: 'success' }),
    );
    expect(getInbox).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId('inbox-row')).toHaveLength(1);
    // The row is offered again once the refusal is in (the submission is over).
    expect(
      screen.getByRole('button', {
        name: 'Approve Security review for Integration 2',
        hidden: true,
      }),
    ).toBeEnabled();
  });

  it('disables the row’s buttons while its decision is in flight', async () => {
    let settle: (status: GovernanceStatus) => void = () => {};
    const api = mockApi({
      getInbox: jest.fn().mockResolvedValue({
        items: [decidable(2), decidable(3)],
        hasMore: false,
      }),
    });
    api.decideGate.mockReturnValue(
      new Promise<GovernanceStatus>(resolve => {
        settle = resolve;
      }),
    );
    await render(api);
    const dialog = await submitDecision(
      'Reject Security review for Integration 2',
    );
    const rowButtons = (n: number) =>
      within(screen.getAllByTestId('inbox-decide')[n]).getAllByRole('button', {
        hidden: true,
      });
    for (const b of rowButtons(0)) expect(b).toBeDisabled();
    for (const b of rowButtons(1)) expect(b).toBeEnabled();
    expect(
      within(dialog).getByRole('button', { name: 'Submit decision' }),
    ).toBeDisabled();
    // A second click (the button ignores pointer events) sends nothing more.
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Submit decision' }),
    );
    expect(api.decideGate).toHaveBeenCalledTimes(1);
    settle(mutationResponse(governanceStatus()));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
  });
});
