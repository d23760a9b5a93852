import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Evidence } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  REQUESTER,
  TESTER,
  mockApi,
  mutationResponse,
} from '../../testing/fixtures';
import { renderTab, settled, statusAs } from '../../testing/renderTab';

jest.setTimeout(20_000);

const report: Evidence = {
  id: '5b0d7c1e-0000-4000-8000-0000000000aa',
  kind: 'test-result',
  title: 'Happy path run report',
  sha256: 'f'.repeat(64),
  sizeBytes: 512,
  mediaType: 'text/markdown',
  uploadedBy: TESTER,
  uploadedAt: new Date().toISOString(),
  expired: false,
};

function withReport(viewer: string) {
  const base = statusAs(viewer);
  return { ...base, evidence: [...base.evidence, report] };
}

describe('TestMatrix', () => {
  it('offers Record result to the test owner only, with the names of scenarios and results', async () => {
    const api = mockApi();
    await renderTab({
      routeEntries: ['/?section=tests'],
      viewer: REQUESTER,
      status: withReport(REQUESTER),
      api,
    });
    await settled(api);
    const row = await screen.findByTestId('test-happy-path');
    expect(within(row).getByText('Happy path')).toBeInTheDocument();
    expect(within(row).getByText('Not run')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Record result' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/Results are recorded by the test owner/),
    ).toBeInTheDocument();
  });

  it('lets the test owner cite only test evidence', async () => {
    const api = mockApi();
    api.recordTest.mockResolvedValue(mutationResponse(withReport(TESTER)));
    await renderTab({
      routeEntries: ['/?section=tests'],
      viewer: TESTER,
      status: withReport(TESTER),
      api,
    });
    await settled(api);
    const row = await screen.findByTestId('test-happy-path');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Record result' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Record result: Happy path'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Evidence/ }),
    );
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      '(none)',
      'Happy path run report (Test result)',
    ]);
    await userEvent.click(options[1]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save result' }),
    );
    await waitFor(() =>
      expect(api.recordTest).toHaveBeenCalledWith(
        expect.any(String),
        'happy-path',
        { result: 'passed', evidenceId: report.id },
      ),
    );
  });
});
