import React from 'react';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type {
  IntegrationSummary,
  PortfolioSort,
  PortfolioSortKey,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { formatDate, formatDateTime, stageLabel } from '../../format';
import { HealthChip } from '../HealthChip';
import { ItemOwner } from '../RemainingWork';
import { useDenseTable } from '../wholeWordTables';

const useStyles = makeStyles(theme => ({
  // Short cells keep their words whole at 1280 px (no letter-by-letter wrapping).
  nowrap: { whiteSpace: 'nowrap', wordBreak: 'normal' },
  // Longer cells wrap between words only.
  words: { wordBreak: 'normal', overflowWrap: 'normal' },
  wide: { minWidth: 140 },
  // A table wider than the page scrolls inside its box, never the page.
  scroll: { overflowX: 'auto' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

/** The columns, in order; the sortable ones name the backend's sort key. */
const COLUMNS: Array<{ label: string; sortKey?: PortfolioSortKey }> = [
  { label: 'Integration', sortKey: 'title' },
  { label: 'Stage', sortKey: 'stage' },
  { label: 'Readiness' },
  { label: 'Health' },
  { label: 'Due', sortKey: 'dueAt' },
  { label: 'Waiting on' },
  { label: 'Profile' },
  { label: 'Updated', sortKey: 'updatedAt' },
];

/** Clicking a column sorts by it ascending; clicking the sorted column flips the direction. */
export function nextSort(
  current: PortfolioSort | undefined,
  key: PortfolioSortKey,
): PortfolioSort {
  return current === key ? `-${key}` : key;
}

function sortDirectionOf(
  current: PortfolioSort | undefined,
  key: PortfolioSortKey,
): 'asc' | 'desc' | undefined {
  if (current === key) return 'asc';
  if (current === `-${key}`) return 'desc';
  return undefined;
}

function DueCell(props: { item: IntegrationSummary }) {
  const { overdueGates, nextDueAt } = props.item;
  if (overdueGates > 0) {
    return (
      <>
        <Chip
          size="small"
          color="secondary"
          label={`${overdueGates} ${
            overdueGates === 1 ? 'gate' : 'gates'
          } overdue`}
        />
        {nextDueAt && (
          <Typography variant="body2" data-testid="portfolio-overdue-since">
            since {formatDate(nextDueAt)}
          </Typography>
        )}
      </>
    );
  }
  return <>{nextDueAt ? `due ${formatDate(nextDueAt)}` : '—'}</>;
}

function WaitingOnCell(props: { item: IntegrationSummary }) {
  const { waitingOn } = props.item;
  if (!waitingOn) return <>—</>;
  return (
    <>
      <Typography variant="body2">
        <ItemOwner item={waitingOn} />
      </Typography>
      {/* Primary text colour: the secondary grey fails contrast on the table's striped rows. */}
      <Typography variant="caption" display="block">
        {waitingOn.text}
      </Typography>
    </>
  );
}

function ProfileChips(props: { item: IntegrationSummary }) {
  const classes = useStyles();
  const { item } = props;
  return (
    <div className={classes.chips}>
      {item.phi && <Chip size="small" variant="outlined" label="PHI" />}
      {item.externalVendor && (
        <Chip size="small" variant="outlined" label="Vendor" />
      )}
      {item.patientFacing && (
        <Chip size="small" variant="outlined" label="Patient-facing" />
      )}
    </div>
  );
}

/** One server page of the portfolio, with headers that sort on the server. */
export function PortfolioTable(props: {
  items: IntegrationSummary[];
  sort: PortfolioSort | undefined;
  onSort(sort: PortfolioSort): void;
  tabLink(entityRef: string): string;
}) {
  const classes = useStyles();
  const dense = useDenseTable();
  const { items, sort, onSort, tabLink } = props;
  return (
    <div
      className={classes.scroll}
      // A region that may scroll sideways must be reachable by keyboard (axe: scrollable-region-focusable).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      aria-label="Integrations, scrollable"
    >
      <Table
        size="small"
        aria-label="Integration portfolio"
        className={dense.dense}
      >
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => {
              const direction =
                column.sortKey && sortDirectionOf(sort, column.sortKey);
              return (
                <TableCell
                  key={column.label}
                  className={classes.nowrap}
                  // MUI sets aria-sort on the header from this.
                  sortDirection={direction || false}
                >
                  {column.sortKey ? (
                    <TableSortLabel
                      active={!!direction}
                      direction={direction || 'asc'}
                      onClick={() => onSort(nextSort(sort, column.sortKey!))}
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(item => {
            const pct = item.gatesRequired
              ? Math.round((item.gatesClosed / item.gatesRequired) * 100)
              : 100;
            return (
              <TableRow key={item.entityRef} data-testid="portfolio-row">
                <TableCell className={`${classes.words} ${classes.wide}`}>
                  <Link to={tabLink(item.entityRef)}>{item.title}</Link>
                  <div>
                    <Typography variant="caption" color="textPrimary">
                      {item.entityRef}
                    </Typography>
                  </div>
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {stageLabel(item.stage)}
                </TableCell>
                <TableCell className={classes.nowrap} style={{ minWidth: 96 }}>
                  <Typography variant="body2">
                    {item.gatesClosed}/{item.gatesRequired} gates
                  </Typography>
                  <LinearProgress
                    variant="determinate"
                    value={pct}
                    aria-label={`${item.gatesClosed} of ${item.gatesRequired} gates closed`}
                  />
                </TableCell>
                <TableCell className={classes.nowrap}>
                  <HealthChip health={item.health} stage={item.stage} />
                </TableCell>
                <TableCell className={classes.words}>
                  <DueCell item={item} />
                </TableCell>
                <TableCell
                  className={classes.words}
                  data-testid="portfolio-waiting-on"
                >
                  <WaitingOnCell item={item} />
                </TableCell>
                <TableCell>
                  <ProfileChips item={item} />
                </TableCell>
                <TableCell className={classes.words}>
                  {formatDateTime(item.updatedAt)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
