import React from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useSearchParams } from 'react-router-dom';
import {
  labelOf,
  MONITORING_CATEGORY_LABELS,
  type MonitoringException,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { useMonitoring } from '../../hooks/useMonitoring';
import { formatDateTime, roleLabel } from '../../format';
import { HealthChip } from '../HealthChip';
import { PersonName } from '../PersonName';
import { EventCountsChart } from './EventCountsChart';
import { ExceptionDetails } from './ExceptionDetails';

export interface MonitoringSectionProps {
  recordRef: string;
  canUpdate: boolean;
  /** The record's stage: before go-live, no signals is "not monitored yet", not a fault. */
  stage?: Stage;
}

/** Health and the exceptions routed to their owning role, with acknowledge and resolve. */
export function MonitoringSection(props: MonitoringSectionProps) {
  const api = useApi(healthcareIntegrationApiRef);
  const { summary, loading, error, update } = useMonitoring(props.recordRef);
  const { pending, run } = useAction();
  // A notification links here with ?exception=<id>: that row is marked.
  const [params] = useSearchParams();
  const focused = params.get('exception');

  const move = async (
    ex: MonitoringException,
    to: 'acknowledge' | 'resolve',
  ) => {
    const next = await run(
      () => api.moveException(props.recordRef, ex.id, to),
      to === 'acknowledge' ? 'Exception acknowledged' : 'Exception resolved',
    );
    if (next) update(next);
  };

  let body;
  if (loading) body = <Progress />;
  else if (error)
    body = (
      <ResponseErrorPanel error={error} title="Could not load monitoring" />
    );
  else if (summary) {
    const open = summary.exceptions.filter(e => e.status !== 'resolved');
    body = (
      <>
        <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
          <HealthChip health={summary.health} stage={props.stage} />
          <Typography variant="body2">{summary.reason}</Typography>
          <Typography variant="body2" color="textSecondary">
            Last signal: {formatDateTime(summary.lastSignalAt)}
          </Typography>
        </Box>
        <EventCountsChart counts={summary.counts} />
        {open.length === 0 ? (
          <EmptyState missing="data" title="No open exceptions" />
        ) : (
          <Table size="small" aria-label="Open exceptions">
            <TableHead>
              <TableRow>
                <TableCell>Exception</TableCell>
                <TableCell>Severity</TableCell>
                <TableCell>Count</TableCell>
                <TableCell>Routed to</TableCell>
                <TableCell>Seen</TableCell>
                <TableCell>Status</TableCell>
                {props.canUpdate && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {open.map(ex => (
                <TableRow
                  key={ex.id}
                  id={`exception-${ex.id}`}
                  data-testid="exception-row"
                  selected={ex.id === focused}
                >
                  <TableCell>
                    {labelOf(MONITORING_CATEGORY_LABELS, ex.category)} ·{' '}
                    {labelOf({}, ex.kind)}
                    {ex.lastMessage && <div>{ex.lastMessage}</div>}
                    <ExceptionDetails exception={ex} />
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={ex.severity}
                      color={
                        ex.severity === 'critical' || ex.severity === 'error'
                          ? 'secondary'
                          : 'default'
                      }
                    />
                  </TableCell>
                  <TableCell>{ex.count}</TableCell>
                  <TableCell>
                    {roleLabel(ex.routedRole)} (
                    <PersonName entityRef={ex.routedTo} />)
                  </TableCell>
                  <TableCell>
                    {formatDateTime(ex.firstSeenAt)} –{' '}
                    {formatDateTime(ex.lastSeenAt)}
                  </TableCell>
                  <TableCell>
                    {ex.status}
                    {ex.acknowledgedBy && (
                      <div>
                        by <PersonName entityRef={ex.acknowledgedBy} />
                      </div>
                    )}
                    {ex.recoveredAt && (
                      <div>
                        <Chip size="small" label="recovered" />{' '}
                        {formatDateTime(ex.recoveredAt)}
                        {ex.recoveredBy && ` (${ex.recoveredBy})`}
                      </div>
                    )}
                  </TableCell>
                  {props.canUpdate && (
                    <TableCell>
                      {ex.status === 'open' && (
                        <Button
                          size="small"
                          disabled={pending}
                          onClick={() => move(ex, 'acknowledge')}
                        >
                          Acknowledge
                        </Button>
                      )}
                      <Button
                        size="small"
                        disabled={pending}
                        onClick={() => move(ex, 'resolve')}
                      >
                        Resolve
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </>
    );
  }
  return <InfoCard title="Monitoring">{body}</InfoCard>;
}
