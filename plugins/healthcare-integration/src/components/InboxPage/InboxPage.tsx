import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { healthcareIntegrationApiRef } from '../../api';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import { useGovernanceUpdates } from '../../hooks/useGovernanceUpdates';
import { formatDateTime, roleLabel, slaText, stageLabel } from '../../format';
import { GateStatusChip } from '../GateStatusChip';
import {
  inboxItemKey,
  offersDecision,
  useInboxDecision,
} from './InboxDecision';
import { useWholeWordTables } from '../wholeWordTables';

const PAGE_SIZE = 50;
/** The API's maximum `limit` for the inbox. */
const MAX_LIMIT = 500;

const useStyles = makeStyles(theme => ({
  overdue: {
    backgroundColor:
      theme.palette.type === 'dark' ? 'rgba(244,67,54,0.15)' : '#fdecea',
  },
  overdueText: { color: theme.palette.error.main, fontWeight: 600 },
  // Short cells keep their words whole at 1280 px (no letter-by-letter wrapping).
  nowrap: { whiteSpace: 'nowrap', wordBreak: 'normal' },
}));

/**
 * Reviewer inbox: every open gate awaiting a role the viewer holds, in the backend's order
 * (actionable first, then overdue, then by due date), with an inline decision where the
 * backend says the viewer may decide now. Refetches when any record changes.
 */
export function InboxPage() {
  useWholeWordTables();
  const classes = useStyles();
  const api = useApi(healthcareIntegrationApiRef);
  const tabLink = useEntityTabLink();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getInbox({ limit }),
    [api, limit],
  );
  useGovernanceUpdates(undefined, retry);
  const decision = useInboxDecision(value?.items, retry);

  let body;
  if (loading && !value) body = <Progress />;
  else if (error)
    body = (
      <ResponseErrorPanel error={error} title="Could not load your inbox" />
    );
  else if (value && value.items.length === 0) {
    body = (
      <EmptyState
        missing="content"
        title="Nothing awaits you"
        description="No open gate needs a decision from a role you hold."
      />
    );
  } else if (value) {
    const overdueCount = value.items.filter(i => i.overdue).length;
    // No empty column for a viewer who can decide nothing on this page.
    const anyDecision = value.items.some(offersDecision);
    body = (
      <>
        <Typography variant="body2" color="textPrimary" gutterBottom>
          {value.items.length}
          {value.hasMore ? '+' : ''} awaiting you · {overdueCount} overdue
        </Typography>
        <Table size="small" aria-label="Reviewer inbox">
          <TableHead>
            <TableRow>
              <TableCell>Integration</TableCell>
              <TableCell>Gate</TableCell>
              <TableCell>Status</TableCell>
              <TableCell className={classes.nowrap}>Can act</TableCell>
              <TableCell>Your role</TableCell>
              <TableCell>Opened</TableCell>
              <TableCell>Due</TableCell>
              {anyDecision && <TableCell>Decide</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(item => (
              <TableRow
                key={inboxItemKey(item)}
                className={item.overdue ? classes.overdue : undefined}
                data-testid="inbox-row"
                data-overdue={item.overdue ? 'true' : 'false'}
              >
                <TableCell>
                  <Link to={tabLink(item.entityRef)}>{item.title}</Link>
                </TableCell>
                <TableCell>
                  {/* Straight to the gate (the tab scrolls to and outlines it). */}
                  <Link
                    to={`${tabLink(item.entityRef)}?gate=${encodeURIComponent(
                      item.gateId,
                    )}`}
                  >
                    {item.gateTitle}
                  </Link>
                  <div>
                    <Typography
                      variant="caption"
                      color="textPrimary"
                      data-testid="inbox-stages"
                    >
                      Integration: {stageLabel(item.integrationStage)} · Gate:{' '}
                      {stageLabel(item.stage)}
                    </Typography>
                  </div>
                </TableCell>
                <TableCell>
                  <GateStatusChip status={item.status} />
                </TableCell>
                <TableCell
                  data-testid="inbox-actionable"
                  data-actionable={item.actionable ? 'true' : 'false'}
                >
                  {item.actionable
                    ? 'Actionable now'
                    : `Blocked by ${item.blockedBy.join(', ')}`}
                </TableCell>
                <TableCell>{item.roles.map(roleLabel).join(', ')}</TableCell>
                <TableCell>{formatDateTime(item.openedAt)}</TableCell>
                <TableCell>
                  {item.overdue ? (
                    <span className={classes.overdueText}>
                      <Chip size="small" label="Overdue" color="secondary" />{' '}
                      {slaText(item.dueAt).text}
                    </span>
                  ) : (
                    formatDateTime(item.dueAt)
                  )}
                </TableCell>
                {anyDecision && (
                  <TableCell data-testid="inbox-decide">
                    {offersDecision(item) && decision.buttons(item)}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {value.hasMore && (
          <Box mt={2}>
            <Button
              variant="outlined"
              disabled={loading || limit >= MAX_LIMIT}
              onClick={() => setLimit(Math.min(limit + PAGE_SIZE, MAX_LIMIT))}
            >
              {limit >= MAX_LIMIT
                ? `Showing the oldest ${MAX_LIMIT}`
                : 'Show more'}
            </Button>
          </Box>
        )}
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Reviewer inbox"
        subtitle="Gates awaiting a decision from a role you hold"
      />
      <Content>
        <div data-hip-page="inbox">
          <ContentHeader title="Awaiting you">
            <Button onClick={retry} disabled={loading}>
              Refresh
            </Button>
          </ContentHeader>
          {body}
          {decision.dialog}
        </div>
      </Content>
    </Page>
  );
}
