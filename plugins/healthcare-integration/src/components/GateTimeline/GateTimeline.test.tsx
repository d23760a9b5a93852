import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  HealthcareIntegrationClient,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  BUSINESS,
  BYSTANDER,
  COMPLIANCE,
  RECORD_REF,
  SECURITY,
  gate,
  governanceStatus,
  mockApi,
  mutationResponse,
} from '../../testing/fixtures';
import { renderTab, settled, statusAs } from '../../testing/renderTab';

jest.setTimeout(20_000);

const REFUSAL =
  'Gate security-review is decided by securityReviewer (group:default/security-office); user:default/sam.okafor holds none of these roles (rule: approver-role-required)';

/** A 403 exactly as the Backstage backend's error handler writes it. */
function refusalResponse() {
  return new Response(
    JSON.stringify({
      error: { name: 'NotAllowedError', message: REFUSAL },
      request: {
        method: 'POST',
        url: '/api/healthcare-integration/integrations/default/ehr-lab-orders/gates/security-review/decisions',
      },
      response: { statusCode: 403 },
    }),
    {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'Content-Type': 'application/json' },
    },
  );
}

const pendingWaiver = (status: GovernanceStatus) => {
  status.gates[1] = {
    ...status.gates[1],
    waiver: {
      by: COMPLIANCE,
      at: new Date(Date.now() - 3600_000).toISOString(),
      justification: 'Vendor BAA is signed; the copy follows next week',
      expiresAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
      pendingCoApproval: 'businessOwner',
    },
  };
  return status;
};

async function openDecision(button: string) {
  const row = await screen.findByTestId('gate-security-review');
  await userEvent.click(within(row).getByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  fireEvent.change(within(dialog).getByLabelText(/Comment/), {
    target: { value: 'Reviewed' },
  });
  await userEvent.click(
    within(dialog).getByRole('button', { name: 'Submit decision' }),
  );
  return dialog;
}

describe('GateTimeline: who is offered what', () => {
  it('offers no decision to a viewer without the gate’s role, and says whom the gate awaits', async () => {
    // The compliance reviewer holds a role on the record, just not this gate's.
    const api = await renderTab({ viewer: COMPLIANCE });
    const row = await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(within(row).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(
      within(row).queryByRole('button', { name: 'Request changes' }),
    ).toBeNull();
    expect(within(row).getByTestId('gate-awaits')).toHaveTextContent(
      'Awaiting Security reviewer — security-office',
    );
    // A closed gate awaits nobody.
    expect(
      within(screen.getByTestId('gate-intake')).queryByTestId('gate-awaits'),
    ).toBeNull();
  });

  it('offers the decision to the holder of the gate’s role, through their group', async () => {
    await renderTab({ viewer: SECURITY });
    const row = await screen.findByTestId('gate-security-review');
    expect(
      await within(row).findByRole('button', { name: 'Approve' }),
    ).toBeEnabled();
    expect(
      within(row).getByRole('button', { name: 'Reject' }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: 'Request changes' }),
    ).toBeInTheDocument();
  });

  it('disables Approve and shows the blockers, in words, while the gate has any', async () => {
    const status = statusAs(SECURITY);
    // As the backend sends it: the gate needs a report no one uploaded, and a module's
    // approval check (worded by the module) also refuses.
    status.gates[1] = {
      ...status.gates[1],
      evidenceKinds: ['security-review'],
      blockers: [
        'needs security-review evidence',
        'the vendor has not countersigned the interface agreement',
      ],
    };
    await renderTab({ viewer: SECURITY, status });
    const row = await screen.findByTestId('gate-security-review');
    const approve = await within(row).findByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    const words =
      'Blocked: no Security review report uploaded yet; the vendor has not countersigned the interface agreement';
    expect(approve).toHaveAttribute('title', words);
    expect(within(row).getByTestId('gate-blocked')).toHaveTextContent(words);
    expect(row).toHaveTextContent('Evidence: Security review report');
    expect(row).toHaveTextContent('After: Intake review');
    expect(within(row).getByRole('button', { name: 'Reject' })).toBeEnabled();
  });
});

describe('GateTimeline: refusals show the API’s reason', () => {
  it('shows the server’s message when the client rejects with a ResponseError', async () => {
    const api = mockApi();
    api.decideGate.mockRejectedValue(
      await ResponseError.fromResponse(refusalResponse() as any),
    );
    await renderTab({ viewer: SECURITY, api });
    const dialog = await openDecision('Approve');
    expect(await within(dialog).findByTestId('dialog-error')).toHaveTextContent(
      REFUSAL,
    );
    expect(screen.queryByText(/Request failed with 403/)).toBeNull();
  });

  it('the shared client puts the server’s message on the error it throws', async () => {
    const fetchFn = jest.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') return refusalResponse();
      const body = url.endsWith('/policy')
        ? await mockApi().getPolicy()
        : governanceStatus();
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    const client = new HealthcareIntegrationClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/healthcare-integration',
      },
      fetchApi: { fetch: fetchFn as unknown as typeof fetch },
    });
    const error = await client
      .decideGate(RECORD_REF, 'security-review', {
        decision: 'approve',
        comment: 'x',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe(REFUSAL);
    expect((error as ResponseError).statusCode).toBe(403);

    // And through the tab: the client as the API, not a mock of it.
    const api = mockApi();
    api.getStatus.mockImplementation(ref => client.getStatus(ref));
    api.decideGate.mockImplementation((...args) => client.decideGate(...args));
    await renderTab({ viewer: SECURITY, api, keepGetStatus: true });
    const dialog = await openDecision('Reject');
    expect(await within(dialog).findByTestId('dialog-error')).toHaveTextContent(
      REFUSAL,
    );
    expect(screen.queryByText(/Request failed with/)).toBeNull();
  });
});

describe('GateTimeline waiver', () => {
  it('sends the justification with the chosen expiry, and refuses a past expiry', async () => {
    const api = mockApi();
    api.waiveGate.mockResolvedValue(mutationResponse(governanceStatus()));
    await renderTab({ viewer: COMPLIANCE, api });
    const row = await screen.findByTestId('gate-security-review');
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Waive' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Justification/), {
      target: { value: 'Vendor BAA is signed; the copy follows next week' },
    });
    const submit = within(dialog).getByRole('button', {
      name: 'Submit waiver',
    });
    const expiry = within(dialog).getByLabelText(/Waiver expires on/);

    fireEvent.change(expiry, { target: { value: '2020-01-01' } });
    expect(submit).toBeDisabled();

    const next = new Date();
    next.setDate(next.getDate() + 10);
    const date = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(
      2,
      '0',
    )}-${String(next.getDate()).padStart(2, '0')}`;
    fireEvent.change(expiry, { target: { value: date } });
    expect(submit).toBeEnabled();
    await userEvent.click(submit);

    await waitFor(() =>
      expect(api.waiveGate).toHaveBeenCalledWith(
        RECORD_REF,
        'security-review',
        {
          justification: 'Vendor BAA is signed; the copy follows next week',
          expiresAt: new Date(`${date}T23:59:59`).toISOString(),
        },
      ),
    );
  });

  it('offers Waive to the waiver role only, and never on a gate the policy makes not waivable', async () => {
    const status = (viewer: string) => {
      const s = statusAs(viewer);
      s.gates.push(
        gate({
          id: 'hipaa',
          title: 'HIPAA review',
          approverRoles: ['processOwner'],
          waivable: false,
        }),
      );
      return s;
    };
    // The policy's waiver role (complianceReviewer) gets Waive on the waivable gate only.
    const api = await renderTab({
      viewer: COMPLIANCE,
      status: status(COMPLIANCE),
    });
    const security = await screen.findByTestId('gate-security-review');
    expect(
      await within(security).findByRole('button', { name: 'Waive' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('gate-hipaa')).queryByRole('button', {
        name: 'Waive',
      }),
    ).toBeNull();
    expect(api.getPolicy).toHaveBeenCalled();
  });

  it('does not offer Waive to a reviewer who does not hold the waiver role', async () => {
    const api = await renderTab({ viewer: SECURITY });
    const row = await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(
      within(row).getByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: 'Waive' })).toBeNull();
  });

  it('shows a pending waiver and offers its confirmation to the co-approver only', async () => {
    const api = mockApi();
    api.confirmWaiver.mockResolvedValue(mutationResponse(governanceStatus()));
    await renderTab({
      viewer: BUSINESS,
      api,
      status: pendingWaiver(statusAs(BUSINESS)),
    });
    const row = await screen.findByTestId('gate-security-review');
    expect(within(row).getByTestId('gate-waiver-pending')).toHaveTextContent(
      'Waiver requested by maria.gonzalez, awaiting the Business owner — chris.nguyen',
    );
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Confirm waiver' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Risk accepted' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm waiver' }),
    );
    await waitFor(() =>
      expect(api.confirmWaiver).toHaveBeenCalledWith(
        RECORD_REF,
        'security-review',
        { comment: 'Risk accepted' },
      ),
    );
  });

  it.each([
    ['the person who requested the waiver', COMPLIANCE],
    ['a reviewer without the co-approver role', SECURITY],
    ['someone holding no role', BYSTANDER],
  ])('offers no confirmation to %s', async (_who, viewer) => {
    const api = await renderTab({
      viewer,
      status: pendingWaiver(statusAs(viewer)),
    });
    const row = await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(within(row).getByTestId('gate-waiver-pending')).toBeInTheDocument();
    expect(
      within(row).queryByRole('button', { name: 'Confirm waiver' }),
    ).toBeNull();
    // A waiver already awaits confirmation: no second one is offered either.
    expect(within(row).queryByRole('button', { name: 'Waive' })).toBeNull();
  });

  it('shows an in-force waiver with its confirmation and expiry', async () => {
    const status = statusAs(SECURITY);
    const expiresAt = new Date(Date.now() + 20 * 86400_000).toISOString();
    status.gates[1] = {
      ...status.gates[1],
      status: 'waived',
      waiver: {
        by: COMPLIANCE,
        at: new Date(Date.now() - 86400_000).toISOString(),
        justification: 'Vendor BAA is signed; the copy follows next week',
        expiresAt,
        coApprovedBy: BUSINESS,
        coApprovedAt: new Date().toISOString(),
      },
    };
    await renderTab({ viewer: SECURITY, status });
    const waiver = within(
      await screen.findByTestId('gate-security-review'),
    ).getByTestId('gate-waiver');
    expect(waiver).toHaveTextContent('Waived by maria.gonzalez');
    expect(waiver).toHaveTextContent('confirmed by chris.nguyen');
    expect(waiver).toHaveTextContent(
      /in force until .+, then the gate reopens/,
    );
  });
});

/** WCAG contrast ratio of an `rgb(r, g, b)` colour against a `#rrggbb` background. */
function contrast(rgb: string, background: string) {
  const channels = (rgb.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const bg = [1, 3, 5].map(i => parseInt(background.slice(i, i + 2), 16));
  const luminance = (c: number[]) =>
    c
      .map(v => v / 255)
      .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [luminance(channels), luminance(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

describe('GateTimeline: readable warnings', () => {
  it('writes Blocked in a red that keeps 4.5:1 on the page background', async () => {
    const status = governanceStatus();
    status.gates[0] = { ...status.gates[0], status: 'pending', decisions: [] };
    status.gates[1] = {
      ...status.gates[1],
      blockers: ['waiting for gate "Intake review" (pending)'],
    };
    const api = await renderTab({ viewer: SECURITY, status });
    await settled(api);
    const row = await screen.findByTestId('gate-security-review');
    const blocked = within(row).getByTestId('gate-blocked');
    expect(blocked).toHaveTextContent(
      'Blocked: “Intake review” comes first (pending)',
    );
    const color = getComputedStyle(blocked).color;
    expect(color).toMatch(/^rgb/);
    // The Backstage light theme's page background.
    expect(contrast(color, '#f8f8f8')).toBeGreaterThanOrEqual(4.5);
  });
});
