import { within, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChangeRequest } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  ENGINEER,
  RECORD_REF,
  gate,
  governanceStatus,
  mockApi,
  mutationResponse,
} from '../../testing/fixtures';
import { renderTab, settled, statusAs } from '../../testing/renderTab';

jest.setTimeout(20_000);

/** The tab opened at its change-requests section. */
const CHANGES = { routeEntries: ['/?section=changes'] };

const live = (overrides: Parameters<typeof statusAs>[1] = {}) => {
  const s = statusAs(ENGINEER, overrides);
  s.record = { ...s.record, stage: 'live' };
  s.gates = s.gates.map(g => ({
    ...g,
    status: 'approved' as const,
    blockers: [],
  }));
  s.nextStage = undefined;
  s.blockers = [];
  return s;
};

const change = (overrides: Partial<ChangeRequest> = {}): ChangeRequest => ({
  id: 'cr-1',
  type: 'new-field',
  changeClass: 'normal',
  status: 'authorise',
  summary: 'Add the ordering provider NPI',
  impactAssessment: 'A new OBR field; no workflow change for clinicians',
  notify: [],
  reopenedGates: [],
  requestedBy: ENGINEER,
  requestedAt: new Date().toISOString(),
  locked: false,
  notifications: [],
  ...overrides,
});

describe('ChangeRequests', () => {
  it('does not offer a change request before the integration is live, and says why', async () => {
    const api = await renderTab({ ...CHANGES, viewer: ENGINEER });
    await settled(api);
    expect(
      screen.queryByRole('button', { name: 'Open change request' }),
    ).toBeNull();
    expect(screen.getByTestId('open-change-refusal')).toHaveTextContent(
      'Change requests apply to live integrations; this one is in design',
    );
  });

  it('offers a change request on a live integration', async () => {
    await renderTab({ ...CHANGES, viewer: ENGINEER, status: live() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open change request' }),
    );
    expect(await screen.findByRole('dialog')).toHaveTextContent(
      'Open a change request',
    );
  });

  it('does not offer a second normal change while one is open', async () => {
    const api = await renderTab({
      ...CHANGES,
      viewer: ENGINEER,
      status: live({ changeRequests: [change()] }),
    });
    await settled(api);
    expect(
      screen.queryByRole('button', { name: 'Open change request' }),
    ).toBeNull();
    expect(screen.getByTestId('open-change-refusal')).toHaveTextContent(
      'Change request cr-1 is still open on this integration',
    );
  });

  it('offers the flow’s moves, disabling the ones the rules refuse with the reason', async () => {
    const status = live({ changeRequests: [change()] });
    status.gates.push(
      gate({
        id: 'change-control',
        title: 'Change authorisation',
        stage: 'change',
        approverRoles: ['businessOwner'],
      }),
    );
    const api = mockApi();
    api.moveChangeRequest.mockResolvedValue(
      mutationResponse(
        governanceStatus({ changeRequests: [change({ status: 'cancelled' })] }),
      ),
    );
    await renderTab({ ...CHANGES, viewer: ENGINEER, api, status });
    // Expanding is a button (keyboard-reachable, aria-expanded on it, not on the row).
    const toggle = within(await screen.findByTestId('change-cr-1')).getByRole(
      'button',
      { expanded: false },
    );
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const implement = await screen.findByRole('button', {
      name: 'Move to implement',
    });
    expect(implement).toBeDisabled();
    expect(screen.getByTestId('change-move-refusal')).toHaveTextContent(
      'Move to implement: Change cr-1 is not authorised: change-control is pending',
    );
    expect(
      screen.getByRole('button', { name: 'Move to assess' }),
    ).toBeEnabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Move to cancelled' }),
    );
    await waitFor(() =>
      expect(api.moveChangeRequest).toHaveBeenCalledWith(
        RECORD_REF,
        'cr-1',
        'cancelled',
      ),
    );
  });
});

describe('LifecycleSummary', () => {
  it('shows what blocks the next stage instead of the move', async () => {
    const api = await renderTab({ viewer: ENGINEER });
    await settled(api);
    expect(screen.queryByRole('button', { name: 'Move to Build' })).toBeNull();
    expect(screen.getByTestId('stage-blockers')).toHaveTextContent(
      'gate "Security review" is pending',
    );
  });

  it('offers the move once the stage’s gates are closed', async () => {
    const status = statusAs(ENGINEER);
    status.gates = status.gates.map(g => ({
      ...g,
      status: 'approved' as const,
    }));
    status.blockers = [];
    const api = mockApi();
    api.moveStage.mockResolvedValue(mutationResponse(governanceStatus()));
    await renderTab({ viewer: ENGINEER, api, status });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Move to Build' }),
    );
    await waitFor(() =>
      expect(api.moveStage).toHaveBeenCalledWith(RECORD_REF, { to: 'build' }),
    );
  });
});
