import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  PortfolioPage as PortfolioPageData,
  PortfolioQuery,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { mockApi } from '../../testing/fixtures';
import {
  filterSelect,
  portfolioItem,
  portfolioPageOf,
  renderPortfolio,
} from '../../testing/portfolio';

jest.setTimeout(20_000);

/** The summary of 30 records in intake, as the backend counts them. */
const SUMMARY: PortfolioPageData['summary'] = {
  total: 30,
  byStage: {
    intake: 30,
    design: 0,
    build: 0,
    test: 0,
    ready: 0,
    live: 0,
    change: 0,
    retired: 0,
  },
  blocked: 0,
  overdue: 0,
  degraded: 0,
  down: 0,
  phiVendor: 0,
};

describe('PortfolioPage', () => {
  it('shows stage, readiness, health and overdue gates of one server page', async () => {
    const listIntegrations = jest.fn().mockResolvedValue(
      portfolioPageOf([portfolioItem(1, { overdueGates: 2, health: 'down' })], {
        totalCount: 10_000,
        nextCursor: 'c1',
        // The backend's totalCount is the summary's total.
        summary: {
          ...SUMMARY,
          total: 10_000,
          byStage: { ...SUMMARY.byStage, intake: 0, test: 10_000 },
          down: 1,
          overdue: 1,
        },
      }),
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    const row = await screen.findByTestId('portfolio-row');
    expect(row).toHaveTextContent('Test');
    expect(row).toHaveTextContent('4/6 gates');
    expect(row).toHaveTextContent('2 gates overdue');
    expect(within(row).getByLabelText('Health: Down')).toBeInTheDocument();
    expect(screen.getByTestId('portfolio-range')).toHaveTextContent(
      '1–1 of 10000',
    );
    // Only one page is ever requested, whatever the total.
    expect(listIntegrations).toHaveBeenCalledTimes(1);
    expect(listIntegrations).toHaveBeenCalledWith({ limit: 25 });
  });

  it('says "Not monitored yet" for a record that is not live, "Not monitored" once retired, "Unknown" for a live one without signals', async () => {
    const listIntegrations = jest
      .fn()
      .mockResolvedValue(
        portfolioPageOf([
          portfolioItem(1, { stage: 'design', health: 'unknown' }),
          portfolioItem(2, { stage: 'live', health: 'unknown' }),
          portfolioItem(3, { stage: 'retired', health: 'unknown' }),
        ]),
      );
    await renderPortfolio(mockApi({ listIntegrations }));
    const rows = await screen.findAllByTestId('portfolio-row');
    expect(
      within(rows[0]).getByLabelText('Health: Not monitored yet'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByLabelText('Health: Unknown'),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByLabelText('Health: Not monitored'),
    ).toBeInTheDocument();
  });

  it('passes the filters to the server and starts again from the first page', async () => {
    const listIntegrations = jest
      .fn()
      .mockResolvedValue(portfolioPageOf([portfolioItem(1)]));
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByTestId('portfolio-row');

    await userEvent.click(filterSelect('Stage'));
    await userEvent.click(await screen.findByRole('option', { name: 'Live' }));
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        stage: 'live',
        limit: 25,
      }),
    );

    await userEvent.click(filterSelect('PHI'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Carries PHI' }),
    );
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        stage: 'live',
        phi: 'true',
        limit: 25,
      }),
    );

    fireEvent.change(screen.getByLabelText('Search integrations'), {
      target: { value: 'lab' },
    });
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        stage: 'live',
        phi: 'true',
        q: 'lab',
        limit: 25,
      }),
    );
  });

  it('pages forward with the server cursor and back to the exact previous page', async () => {
    const listIntegrations = jest.fn(
      async (query: PortfolioQuery = {}): Promise<PortfolioPageData> => {
        if (!query.cursor)
          return {
            items: [portfolioItem(1)],
            totalCount: 30,
            nextCursor: 'after-1',
            summary: SUMMARY,
          };
        return { items: [portfolioItem(26)], totalCount: 30, summary: SUMMARY };
      },
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByText('Integration 1');
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Integration 26')).toBeInTheDocument();
    expect(listIntegrations).toHaveBeenLastCalledWith({
      limit: 25,
      cursor: 'after-1',
    });
    expect(screen.getByTestId('portfolio-range')).toHaveTextContent(
      '26–26 of 30',
    );
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('Integration 1')).toBeInTheDocument();
    expect(listIntegrations).toHaveBeenLastCalledWith({ limit: 25 });
  });

  it('a filter change on a later page asks once, for the first page, never with the old cursor', async () => {
    const listIntegrations = jest.fn(
      async (query: PortfolioQuery = {}): Promise<PortfolioPageData> =>
        query.cursor
          ? { items: [portfolioItem(26)], totalCount: 30, summary: SUMMARY }
          : {
              items: [portfolioItem(1)],
              totalCount: 30,
              nextCursor: 'after-1',
              summary: SUMMARY,
            },
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByText('Integration 1');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Integration 26')).toBeInTheDocument();
    const before = listIntegrations.mock.calls.length;

    await userEvent.click(filterSelect('Stage'));
    await userEvent.click(await screen.findByRole('option', { name: 'Live' }));
    expect(await screen.findByText('Integration 1')).toBeInTheDocument();
    const after = listIntegrations.mock.calls.slice(before).map(([q]) => q);
    expect(after).toEqual([{ stage: 'live', limit: 25 }]);
  });

  it('shows the empty state and errors', async () => {
    await renderPortfolio(
      mockApi({
        listIntegrations: jest.fn().mockResolvedValue(portfolioPageOf([])),
      }),
    );
    expect(
      await screen.findByText('No integrations match'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the list fails', async () => {
    await renderPortfolio(
      mockApi({
        listIntegrations: jest.fn().mockRejectedValue(new Error('db down')),
      }),
    );
    expect(
      await screen.findByText(/Could not load the portfolio/),
    ).toBeInTheDocument();
  });
});
