import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  HealthcareIntegrationClient,
  type PortfolioQuery,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { mockApi } from '../../testing/fixtures';
import {
  filterSelect,
  portfolioItem,
  portfolioPageOf,
  renderPortfolio,
} from '../../testing/portfolio';

jest.setTimeout(20_000);

/** Three records in three stages; the backend's summary counts what the filters match. */
const ALL = [
  portfolioItem(1, { stage: 'design', overdueGates: 1 }),
  portfolioItem(2, { stage: 'test', externalVendor: true }),
  portfolioItem(3, { stage: 'live', health: 'degraded', phi: false }),
];

/** A stand-in for the backend's filtering of ALL (the summary is over the filtered set). */
function filtered(query: PortfolioQuery = {}) {
  return portfolioPageOf(
    ALL.filter(
      i =>
        (!query.stage || i.stage === query.stage) &&
        (!query.overdue || i.overdueGates > 0 === (query.overdue === 'true')) &&
        (!query.health || i.health === query.health) &&
        (!query.phi || i.phi === (query.phi === 'true')) &&
        (!query.vendor || i.externalVendor === (query.vendor === 'true')),
    ),
  );
}

const lastQuery = (fn: jest.Mock) => fn.mock.calls[fn.mock.calls.length - 1][0];
const count = (name: string) => screen.getByRole('button', { name });

describe('PortfolioPage summary strip', () => {
  it('shows the counts of the matching set, and each count filters the list', async () => {
    const listIntegrations = jest.fn(async (q?: PortfolioQuery) => filtered(q));
    await renderPortfolio(mockApi({ listIntegrations }));
    expect(
      await screen.findByText('Of the 3 integrations that match:'),
    ).toBeInTheDocument();
    const byStage = screen.getByRole('group', { name: 'By stage' });
    expect(
      within(byStage).getByRole('button', { name: 'Design 1' }),
    ).toBeInTheDocument();
    expect(
      within(byStage).getByRole('button', { name: 'Intake 0' }),
    ).toBeInTheDocument();
    const attention = screen.getByRole('group', { name: 'Needs attention' });
    for (const name of [
      'Blocked 0',
      'Overdue 1',
      'Degraded 1',
      'Down 0',
      'PHI + vendor 1',
    ]) {
      expect(within(attention).getByRole('button', { name })).toHaveAttribute(
        'aria-pressed',
        'false',
      );
    }

    await userEvent.click(count('Overdue 1'));
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        overdue: 'true',
        limit: 25,
      }),
    );
    // The counts now cover only the overdue record, and the count shows pressed.
    expect(
      await screen.findByText('Of the 1 integration that matches:'),
    ).toBeInTheDocument();
    expect(count('Overdue 1')).toHaveAttribute('aria-pressed', 'true');
    expect(count('Test 0')).toHaveAttribute('aria-pressed', 'false');
    expect(filterSelect('Overdue')).toHaveTextContent('Has overdue gates');
    // A shareable link: the filter is in the URL.
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      '?overdue=true',
    );

    // Pressing it again takes the filter off.
    await userEvent.click(count('Overdue 1'));
    await screen.findByText('Of the 3 integrations that match:');
    expect(lastQuery(listIntegrations).overdue).toBeUndefined();
    expect(count('Overdue 1')).toHaveAttribute('aria-pressed', 'false');
  });

  it('filters by stage, health and PHI with a vendor from their counts', async () => {
    const listIntegrations = jest.fn(async (q?: PortfolioQuery) => filtered(q));
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByText('Of the 3 integrations that match:');

    await userEvent.click(count('Live 1'));
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        stage: 'live',
        limit: 25,
      }),
    );
    expect(await screen.findByText('Integration 3')).toBeInTheDocument();
    expect(screen.queryByText('Integration 1')).toBeNull();
    expect(count('Live 1')).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(count('Degraded 1'));
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        stage: 'live',
        health: 'degraded',
        limit: 25,
      }),
    );

    await userEvent.click(count('Live 1'));
    await userEvent.click(count('Degraded 1'));
    await screen.findByText('Of the 3 integrations that match:');
    await userEvent.click(count('PHI + vendor 1'));
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        phi: 'true',
        vendor: 'true',
        limit: 25,
      }),
    );
    expect(
      await screen.findByText('Of the 1 integration that matches:'),
    ).toBeInTheDocument();
    expect(count('PHI + vendor 1')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('Integration 2')).toBeInTheDocument();
  });

  it('reads the filters from the URL, so a count is a link someone can share', async () => {
    const listIntegrations = jest.fn(async (q?: PortfolioQuery) => filtered(q));
    await renderPortfolio(
      mockApi({ listIntegrations }),
      '/portfolio?stage=design&overdue=true&sort=-updatedAt',
    );
    await screen.findByText('Of the 1 integration that matches:');
    expect(listIntegrations).toHaveBeenCalledTimes(1);
    expect(listIntegrations).toHaveBeenCalledWith({
      stage: 'design',
      overdue: 'true',
      sort: '-updatedAt',
      limit: 25,
    });
    expect(count('Design 1')).toHaveAttribute('aria-pressed', 'true');
    expect(count('Overdue 1')).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('PortfolioPage policy version filter', () => {
  it('shows ?policyVersion=N as a chip, and removing the chip clears it', async () => {
    const listIntegrations = jest.fn(async (q?: PortfolioQuery) => filtered(q));
    await renderPortfolio(
      mockApi({ listIntegrations }),
      '/portfolio?policyVersion=3&stage=design',
    );
    const chip = await screen.findByTestId('policy-version-filter');
    expect(chip).toHaveTextContent('Policy version 3');
    expect(listIntegrations).toHaveBeenLastCalledWith({
      policyVersion: 3,
      stage: 'design',
      limit: 25,
    });

    await userEvent.click(
      within(chip).getByTitle('Remove the policy version filter'),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('policy-version-filter')).toBeNull(),
    );
    expect(lastQuery(listIntegrations)).toEqual({ stage: 'design', limit: 25 });
    expect(lastQuery(listIntegrations).policyVersion).toBeUndefined();
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      /^\?stage=design$/,
    );
  });

  it('shows the backend’s message for a version that was never recorded, and keeps the chip to remove', async () => {
    const message =
      'Invalid policyVersion: 9 is not a recorded policy version (versions run from 1 to 2)';
    const fetchFn = jest.fn(
      async (url: string) =>
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message },
            request: { method: 'GET', url },
            response: { statusCode: 400 },
          }),
          {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
    );
    const client = new HealthcareIntegrationClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/healthcare-integration',
      },
      fetchApi: { fetch: fetchFn as unknown as typeof fetch },
    });
    const listIntegrations = jest.fn((q?: PortfolioQuery) =>
      client.listIntegrations(q),
    );
    await renderPortfolio(
      mockApi({ listIntegrations }),
      '/portfolio?policyVersion=9',
    );
    expect(
      await screen.findByText(/Could not load the portfolio/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(new RegExp(message.replace(/[()]/g, '\\$&'))).length,
    ).toBeGreaterThan(0);
    expect(String(fetchFn.mock.calls[0][0])).toContain('policyVersion=9');
    expect(screen.getByTestId('policy-version-filter')).toHaveTextContent(
      'Policy version 9',
    );
    await expect(listIntegrations.mock.results[0].value).rejects.toBeInstanceOf(
      ResponseError,
    );
  });
});
