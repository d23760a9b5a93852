import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useGovernanceUpdates } from '../../hooks/useGovernanceUpdates';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import {
  usePortfolio,
  type PortfolioFilters as Filters,
} from '../../hooks/usePortfolio';
import { formatDateTime, stageLabel } from '../../format';
import { HealthChip } from '../HealthChip';
import { IngestProblems } from '../IngestProblems';
import { PortfolioFilters } from '../PortfolioFilters';

const PAGE_SIZE = 25;

/** Every governed integration: stage, readiness, health and overdue gates; server-side paging. */
export function PortfolioPage() {
  const [filters, setFilters] = useState<Filters>({});
  const portfolio = usePortfolio(filters, PAGE_SIZE);
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
  } else if (page && page.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No integrations match"
        description="Change the filters, or start an integration with the intake template."
      />
    );
  } else if (page) {
    const first = portfolio.pageIndex * PAGE_SIZE + 1;
    body = (
      <>
        {portfolio.loading && <LinearProgress aria-label="Loading page" />}
        <Table size="small" aria-label="Integration portfolio">
          <TableHead>
            <TableRow>
              <TableCell>Integration</TableCell>
              <TableCell>Stage</TableCell>
              <TableCell>Readiness</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Overdue gates</TableCell>
              <TableCell>Profile</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.map(item => {
              const pct = item.gatesRequired
                ? Math.round((item.gatesClosed / item.gatesRequired) * 100)
                : 100;
              return (
                <TableRow key={item.entityRef} data-testid="portfolio-row">
                  <TableCell>
                    <Link to={tabLink(item.entityRef)}>{item.title}</Link>
                    <div>
                      <Typography variant="caption" color="textPrimary">
                        {item.entityRef}
                      </Typography>
                    </div>
                  </TableCell>
                  <TableCell>{stageLabel(item.stage)}</TableCell>
                  <TableCell style={{ minWidth: 140 }}>
                    <Typography variant="body2">
                      {item.gatesClosed}/{item.gatesRequired} gates
                    </Typography>
                    <LinearProgress
                      variant="determinate"
                      value={pct}
                      aria-label={`${item.gatesClosed} of ${item.gatesRequired} gates closed`}
                    />
                  </TableCell>
                  <TableCell>
                    <HealthChip
                      health={item.health}
                      notLive={!['live', 'change'].includes(item.stage)}
                    />
                  </TableCell>
                  <TableCell>
                    {item.overdueGates > 0 ? (
                      <Chip
                        size="small"
                        color="secondary"
                        label={`${item.overdueGates} overdue`}
                      />
                    ) : (
                      0
                    )}
                  </TableCell>
                  <TableCell>
                    {item.phi && (
                      <Chip size="small" variant="outlined" label="PHI" />
                    )}
                    {item.externalVendor && (
                      <Chip size="small" variant="outlined" label="Vendor" />
                    )}
                    {item.patientFacing && (
                      <Chip
                        size="small"
                        variant="outlined"
                        label="Patient-facing"
                      />
                    )}
                  </TableCell>
                  <TableCell>{formatDateTime(item.updatedAt)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
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
          {body}
          <Box mt={3}>
            <IngestProblems />
          </Box>
        </div>
      </Content>
    </Page>
  );
}
