import React, { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { PortfolioSort } from '@hcig/backstage-plugin-healthcare-integration-common';
import { useGovernanceUpdates } from '../../hooks/useGovernanceUpdates';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import {
  usePortfolio,
  type PortfolioFilters as Filters,
} from '../../hooks/usePortfolio';
import { IngestProblems } from '../IngestProblems';
import { PortfolioFilters } from '../PortfolioFilters';
import { filtersFromUrl, portfolioSearch, sortFromUrl } from './portfolioUrl';
import { PortfolioSummaryStrip } from './PortfolioSummaryStrip';
import { PortfolioTable } from './PortfolioTable';
import { useWholeWordTables } from '../wholeWordTables';

const PAGE_SIZE = 25;

/**
 * Every governed integration: a summary strip, stage, readiness, health, due dates and who
 * each record waits on; server-side sorting and paging. Filters and sort live in the URL.
 */
export function PortfolioPage() {
  useWholeWordTables();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // Parsed from the query string, so equal URLs give equal filters (by value).
  const { filters, sort, policyVersion } = useMemo(() => {
    const p = new URLSearchParams(search);
    return {
      filters: filtersFromUrl(p),
      sort: sortFromUrl(p),
      policyVersion: p.get('policyVersion'),
    };
  }, [search]);
  const setView = useCallback(
    (next: Filters, nextSort: PortfolioSort | undefined) =>
      setParams(portfolioSearch(next, nextSort), { replace: true }),
    [setParams],
  );
  const setFilters = (next: Filters) => setView(next, sort);

  const portfolio = usePortfolio(filters, sort, PAGE_SIZE);
  // Another user's change anywhere refetches the page (through the permission-checked route).
  useGovernanceUpdates(undefined, portfolio.retry);
  const tabLink = useEntityTabLink();
  const page = portfolio.value;

  let body;
  if (portfolio.loading && !page) body = <Progress />;
  else if (portfolio.error) {
    body = (
      <ResponseErrorPanel
        error={portfolio.error}
        title="Could not load the portfolio"
      />
    );
  } else if (page) {
    const first = portfolio.pageIndex * PAGE_SIZE + 1;
    body = (
      <>
        <PortfolioSummaryStrip
          summary={page.summary}
          filters={filters}
          onChange={setFilters}
        />
        {portfolio.loading && <LinearProgress aria-label="Loading page" />}
        {page.items.length === 0 ? (
          <EmptyState
            missing="data"
            title="No integrations match"
            description="Change the filters, or start an integration with the intake template."
          />
        ) : (
          <>
            <PortfolioTable
              items={page.items}
              sort={sort}
              onSort={nextSort => setView(filters, nextSort)}
              tabLink={tabLink}
            />
            <Box
              display="flex"
              alignItems="center"
              justifyContent="flex-end"
              mt={2}
              style={{ gap: 16 }}
            >
              <Typography variant="body2" data-testid="portfolio-range">
                {first}–{first + page.items.length - 1} of {page.totalCount}
              </Typography>
              <Button
                variant="outlined"
                disabled={!portfolio.hasPrevious || portfolio.loading}
                onClick={portfolio.previous}
              >
                Previous page
              </Button>
              <Button
                variant="outlined"
                disabled={!portfolio.hasNext || portfolio.loading}
                onClick={portfolio.next}
              >
                Next page
              </Button>
            </Box>
          </>
        )}
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Integration portfolio"
        subtitle="Every governed healthcare integration"
      />
      <Content>
        <div data-hip-page="portfolio">
          <PortfolioFilters value={filters} onChange={setFilters} />
          {policyVersion && (
            <Box mb={2}>
              <Chip
                label={`Policy version ${policyVersion}`}
                onDelete={() =>
                  setFilters({ ...filters, policyVersion: undefined })
                }
                deleteIcon={
                  <CancelIcon titleAccess="Remove the policy version filter" />
                }
                data-testid="policy-version-filter"
              />
            </Box>
          )}
          {body}
          <Box mt={3}>
            <IngestProblems />
          </Box>
        </div>
      </Content>
    </Page>
  );
}
