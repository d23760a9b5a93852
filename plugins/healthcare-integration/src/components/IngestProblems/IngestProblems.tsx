import React from 'react';
import useAsync from 'react-use/esm/useAsync';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { healthcareIntegrationApiRef } from '../../api';
import { formatDateTime, shortRef } from '../../format';

/**
 * What monitoring ingest could not use (or used only after shortening or clamping), for
 * platform administrators: the backend answers 403 to everyone else, and then nothing shows.
 */
export function IngestProblems() {
  const api = useApi(healthcareIntegrationApiRef);
  const state = useAsync(async () => api.listIngestProblems(50), [api]);
  if (state.loading) return <Progress />;
  if (state.error || !state.value) return null;
  const items = state.value.items;
  return (
    <InfoCard
      title="Monitoring ingest problems"
      subheader="Alerts and events that were refused, shortened or re-timed (platform admins)"
    >
      {items.length === 0 ? (
        <Typography variant="body2">
          No problems in the last 30 days.
        </Typography>
      ) : (
        <Table size="small" aria-label="Monitoring ingest problems">
          <TableHead>
            <TableRow>
              <TableCell>Received</TableCell>
              <TableCell>Route / source</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell>Integration</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(p => (
              <TableRow key={p.id} data-testid="ingest-problem">
                <TableCell>{formatDateTime(p.receivedAt)}</TableCell>
                <TableCell>
                  {p.route}
                  <div>{p.source}</div>
                </TableCell>
                <TableCell>{p.outcome}</TableCell>
                <TableCell>
                  {p.integrationRef ? shortRef(p.integrationRef) : '—'}
                </TableCell>
                <TableCell>
                  {p.reason}
                  {p.item && (
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      {p.item}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
