import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PortfolioQuery } from '@hcig/backstage-plugin-healthcare-integration-common';
import { mockApi } from '../../testing/fixtures';
import {
  portfolioItem,
  portfolioPageOf,
  renderPortfolio,
} from '../../testing/portfolio';

jest.setTimeout(20_000);

const header = (name: RegExp) => screen.getByRole('columnheader', { name });
const sortBy = (name: RegExp) =>
  userEvent.click(within(header(name)).getByRole('button'));

describe('PortfolioTable', () => {
  it('sorts on the server by the clicked column, flips on a second click, and says so with aria-sort', async () => {
    const listIntegrations = jest.fn(async (q: PortfolioQuery = {}) =>
      q.cursor
        ? portfolioPageOf([portfolioItem(26)], { totalCount: 26 })
        : portfolioPageOf([portfolioItem(1)], { nextCursor: 'after-1' }),
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByText('Integration 1');
    expect(header(/Integration/)).not.toHaveAttribute('aria-sort');

    // On the second page, a sort starts again at the first (a cursor continues one order).
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Integration 26');

    await sortBy(/Integration/);
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        sort: 'title',
        limit: 25,
      }),
    );
    await screen.findByText('Integration 1');
    expect(header(/Integration/)).toHaveAttribute('aria-sort', 'ascending');

    await sortBy(/Integration/);
    await waitFor(() =>
      expect(listIntegrations).toHaveBeenLastCalledWith({
        sort: '-title',
        limit: 25,
      }),
    );
    expect(header(/Integration/)).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      '?sort=-title',
    );

    for (const [name, sort] of [
      [/Stage/, 'stage'],
      [/Due/, 'dueAt'],
      [/Updated/, 'updatedAt'],
    ] as const) {
      await sortBy(name);
      await waitFor(() =>
        expect(listIntegrations).toHaveBeenLastCalledWith({ sort, limit: 25 }),
      );
      expect(header(name)).toHaveAttribute('aria-sort', 'ascending');
      expect(header(/Integration/)).not.toHaveAttribute('aria-sort');
    }
    // Columns the backend cannot sort by have no sort control.
    expect(within(header(/Waiting on/)).queryByRole('button')).toBeNull();
  });

  it('names who each record waits on, in words, and a dash when nothing waits', async () => {
    const listIntegrations = jest.fn().mockResolvedValue(
      portfolioPageOf([
        portfolioItem(1, {
          stage: 'intake',
          waitingOn: {
            party: 'businessOwner',
            partyLabel: 'Business owner',
            holders: ['group:default/revenue-cycle'],
            text: 'Decide “Intake review”',
          },
        }),
        portfolioItem(2, {
          stage: 'design',
          waitingOn: {
            party: 'requester',
            partyLabel: 'Requester',
            holders: ['user:default/priya.patel'],
            text: 'Answer the rejection of “Security review” and ask for a new review',
          },
        }),
        // Live and quiet: nothing is left, so the backend sends no waitingOn.
        portfolioItem(3, { stage: 'live' }),
      ]),
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    await screen.findByText('Integration 1');
    const cells = screen.getAllByTestId('portfolio-waiting-on');
    expect(cells[0]).toHaveTextContent('Business owner (revenue-cycle)');
    expect(cells[0]).toHaveTextContent('Decide “Intake review”');
    expect(cells[0]).not.toHaveTextContent('group:default');
    expect(cells[1]).toHaveTextContent('Requester (priya.patel)');
    expect(cells[1]).toHaveTextContent('Answer the rejection');
    expect(cells[2]).toHaveTextContent(/^—$/);
  });

  it('shows the next due date, or how many gates are overdue and since when', async () => {
    const listIntegrations = jest.fn().mockResolvedValue(
      portfolioPageOf([
        portfolioItem(1, { nextDueAt: '2026-12-04T12:00:00.000Z' }),
        portfolioItem(2, {
          overdueGates: 1,
          nextDueAt: '2026-11-20T12:00:00.000Z',
        }),
        portfolioItem(3, { stage: 'live', gatesClosed: 6 }),
      ]),
    );
    await renderPortfolio(mockApi({ listIntegrations }));
    const rows = await screen.findAllByTestId('portfolio-row');
    expect(rows[0]).toHaveTextContent('due Dec 4, 2026');
    expect(rows[1]).toHaveTextContent('1 gate overdue');
    expect(
      within(rows[1]).getByTestId('portfolio-overdue-since'),
    ).toHaveTextContent('since Nov 20, 2026');
    expect(rows[1]).not.toHaveTextContent('due Nov');
    expect(rows[2]).toHaveTextContent('—');
    expect(rows[2]).not.toHaveTextContent(/overdue|due /);
  });
});
