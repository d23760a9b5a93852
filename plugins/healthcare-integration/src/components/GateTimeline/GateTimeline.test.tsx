import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { healthcareIntegrationApiRef } from '../../api';
import { RECORD_REF, governanceStatus, integrationEntity, mockApi } from '../../testing/fixtures';
import { GovernanceContent } from '../GovernanceContent';

jest.setTimeout(20_000);

const COMPLIANCE = 'user:default/maria.gonzalez';

describe('GateTimeline waiver', () => {
  it('sends the justification with the chosen expiry, and refuses a past expiry', async () => {
    const api = mockApi();
    api.waiveGate.mockResolvedValue(governanceStatus());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [healthcareIntegrationApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
          [identityApiRef, mockApis.identity({ userEntityRef: COMPLIANCE })],
        ]}
      >
        <EntityProvider entity={integrationEntity}>
          <GovernanceContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    const row = await screen.findByTestId('gate-security-review');
    await userEvent.click(within(row).getByRole('button', { name: 'Waive' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Justification/), {
      target: { value: 'Vendor BAA is signed; the copy follows next week' },
    });
    const submit = within(dialog).getByRole('button', { name: 'Submit waiver' });
    const expiry = within(dialog).getByLabelText(/Waiver expires on/);

    fireEvent.change(expiry, { target: { value: '2020-01-01' } });
    expect(submit).toBeDisabled();

    const next = new Date();
    next.setDate(next.getDate() + 10);
    const date = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}`;
    fireEvent.change(expiry, { target: { value: date } });
    expect(submit).toBeEnabled();
    await userEvent.click(submit);

    await waitFor(() =>
      expect(api.waiveGate).toHaveBeenCalledWith(RECORD_REF, 'security-review', {
        justification: 'Vendor BAA is signed; the copy follows next week',
        expiresAt: new Date(`${date}T23:59:59`).toISOString(),
      }),
    );
  });
});
