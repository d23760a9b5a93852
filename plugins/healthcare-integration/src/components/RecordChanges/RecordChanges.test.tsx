import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  BYSTANDER,
  COMPLIANCE,
  ENGINEER,
  RECORD_REF,
  SECURITY,
  governanceStatus,
  mockApi,
  mutationResponse,
  recordChange,
} from '../../testing/fixtures';
import { renderTab, settled, statusAs } from '../../testing/renderTab';

jest.setTimeout(20_000);

const VENDOR = recordChange({ id: 'rc-vendor' });

describe('RecordChanges', () => {
  it('is not shown while the record has no record change', async () => {
    const api = await renderTab({ viewer: COMPLIANCE });
    await screen.findByTestId('gate-security-review');
    await settled(api);
    expect(screen.queryByText('Record changes')).toBeNull();
  });

  it('shows a pending change and offers its decision to the approving role', async () => {
    const api = mockApi();
    api.decideRecordChange.mockResolvedValue(
      mutationResponse(
        governanceStatus({
          recordChanges: [
            {
              ...VENDOR,
              status: 'applied',
              closedAt: '2026-12-01T10:00:00.000Z',
            },
          ],
        }),
      ),
    );
    await renderTab({
      viewer: COMPLIANCE,
      api,
      status: statusAs(COMPLIANCE, { recordChanges: [VENDOR] }),
      // The catalog's display names, as the app's entity presentation gives them.
      displayNames: { [ENGINEER]: 'Dev Ramos' },
    });
    const change = await screen.findByTestId('record-change-rc-vendor');
    expect(screen.getByText('Record changes')).toBeInTheDocument();
    expect(change).toHaveTextContent('Awaiting approval');
    expect(change).toHaveTextContent('Proposed by Dev Ramos');
    expect(change).toHaveTextContent('External vendor: no → yes');
    expect(change).toHaveTextContent('Vendor name: — → Sunquest Cloud');
    expect(change).not.toHaveTextContent(/profile\.|user:default/);
    expect(
      within(change).getByTestId('record-change-awaits'),
    ).toHaveTextContent('Awaiting Compliance reviewer — compliance-office');
    expect(
      within(change).queryByRole('button', { name: 'Withdraw' }),
    ).toBeNull();

    await userEvent.click(
      await within(change).findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Vendor BAA on file' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Submit decision' }),
    );
    await waitFor(() =>
      expect(api.decideRecordChange).toHaveBeenCalledWith(
        RECORD_REF,
        'rc-vendor',
        {
          decision: 'approve',
          comment: 'Vendor BAA on file',
        },
      ),
    );
    // Applied: listed among the closed changes.
    expect(
      await screen.findByTestId('record-change-closed-rc-vendor'),
    ).toHaveTextContent(
      /Applied Dec 1, 2026.*: External vendor, Vendor name \(proposed by Dev Ramos\)/,
    );
  });

  it('offers the proposer Withdraw and never the decision, even holding the approving role', async () => {
    const own = recordChange({
      id: 'rc-support',
      proposedBy: COMPLIANCE,
      before: { roles: { supportOwner: 'group:default/it-support' } },
      after: {
        roles: { supportOwner: 'group:default/integration-engineering' },
      },
    });
    const api = mockApi();
    api.withdrawRecordChange.mockResolvedValue(
      mutationResponse(
        governanceStatus({
          recordChanges: [
            { ...own, status: 'withdrawn', closedAt: new Date().toISOString() },
          ],
        }),
      ),
    );
    await renderTab({
      viewer: COMPLIANCE,
      api,
      status: statusAs(COMPLIANCE, { recordChanges: [own] }),
      displayNames: {
        'group:default/it-support': 'IT Support',
        'group:default/integration-engineering': 'Integration Engineering',
      },
    });
    const change = await screen.findByTestId('record-change-rc-support');
    expect(change).toHaveTextContent(
      'Support owner: IT Support → Integration Engineering',
    );
    await userEvent.click(
      await within(change).findByRole('button', { name: 'Withdraw' }),
    );
    expect(
      within(change).queryByRole('button', { name: 'Approve' }),
    ).toBeNull();
    expect(within(change).queryByRole('button', { name: 'Reject' })).toBeNull();
    await waitFor(() =>
      expect(api.withdrawRecordChange).toHaveBeenCalledWith(
        RECORD_REF,
        'rc-support',
      ),
    );
    expect(
      await screen.findByTestId('record-change-closed-rc-support'),
    ).toHaveTextContent(/Withdrawn/);
  });

  it('offers no decision to a new holder the change names (through their group)', async () => {
    const beneficiary = recordChange({
      id: 'rc-tests',
      before: { roles: { testOwner: 'user:default/alex.kim' } },
      after: { roles: { testOwner: 'group:default/compliance-office' } },
    });
    await renderTab({
      viewer: COMPLIANCE,
      status: statusAs(COMPLIANCE, { recordChanges: [beneficiary, VENDOR] }),
    });
    // The other change is offered, so the identity and permissions are in.
    const other = await screen.findByTestId('record-change-rc-vendor');
    expect(
      await within(other).findByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
    const own = screen.getByTestId('record-change-rc-tests');
    expect(within(own).queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it.each([
    ['a reviewer without the approving role', SECURITY],
    ['someone holding no role', BYSTANDER],
  ])('offers no decision to %s', async (_who, viewer) => {
    const api = await renderTab({
      viewer,
      status: statusAs(viewer, { recordChanges: [VENDOR] }),
    });
    const change = await screen.findByTestId('record-change-rc-vendor');
    await settled(api);
    expect(
      within(change).queryByRole('button', { name: 'Approve' }),
    ).toBeNull();
    expect(
      within(change).queryByRole('button', { name: 'Withdraw' }),
    ).toBeNull();
  });

  it('lists closed changes briefly with their outcome and date', async () => {
    const closed = [
      recordChange({
        id: 'rc-old',
        status: 'rejected',
        proposedBy: ENGINEER,
        closedAt: '2026-03-02T10:00:00.000Z',
        decisions: [
          {
            role: 'complianceReviewer',
            decision: 'reject',
            comment: 'No BAA yet',
            decidedBy: COMPLIANCE,
            decidedAt: '2026-03-02T10:00:00.000Z',
          },
        ],
      }),
    ];
    await renderTab({
      viewer: SECURITY,
      status: statusAs(SECURITY, { recordChanges: closed }),
    });
    const row = await screen.findByTestId('record-change-closed-rc-old');
    expect(row).toHaveTextContent(/Rejected Mar 2, 2026/);
    expect(row).toHaveTextContent('(proposed by dev.ramos)');
    expect(screen.getByText('No change awaits approval.')).toBeInTheDocument();
  });
});
