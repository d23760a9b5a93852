// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { PolicyGateChanges } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';

const listOrNone = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');

function describeChanges(c: PolicyGateChanges, first: boolean) {
  if (first) return `first recorded version (${c.added.length} gates)`;
  if (!c.added.length && !c.removed.length && !c.changed.length)
    return 'gates unchanged (other settings changed)';
  return `gates added: ${listOrNone(c.added)} · removed: ${listOrNone(
    c.removed,
  )} · redefined: ${listOrNone(c.changed)}`;
}

/**
 * The running policy's recorded versions, newest first, with the verification of their own
 * hash chain; each links to the portfolio filtered to the records derived under it.
 */
export function PolicyVersions(props: { portfolioPath?: string }) {
  const portfolioPath =
    props.portfolioPath ?? '/healthcare-integration/portfolio';
  const api = useApi(healthcareIntegrationApiRef);
  const { value, loading, error } = useAsync(
    () => api.listPolicyVersions(),
    [api],
  );
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load policy versions"
      />
    );
  if (!value?.versions.length)
    return (
      <Typography variant="body2" color="textSecondary">
        No policy version is recorded yet: the backend records the running
        policy when it starts.
      </Typography>
    );
  const { chain } = value;
  return (
    <Box>
      {chain.verified ? (
        <Alert severity="success">
          {chain.entries} policy version{chain.entries === 1 ? '' : 's'} in an
          intact hash chain.
        </Alert>
      ) : (
        <Alert severity="error">
          The policy version chain is broken at version {chain.brokenAt}:{' '}
          {chain.problem}.
        </Alert>
      )}
      <Table size="small" aria-label="Policy versions" style={{ marginTop: 8 }}>
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Recorded</TableCell>
            <TableCell>Policy hash</TableCell>
            <TableCell>What changed</TableCell>
            <TableCell>Integrations</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...value.versions].reverse().map(v => (
            <TableRow key={v.seq} data-testid="policy-version-row">
              <TableCell>
                {v.seq}{' '}
                {value.running?.seq === v.seq && (
                  <Chip size="small" label="running" color="primary" />
                )}
              </TableCell>
              <TableCell>{new Date(v.recordedAt).toLocaleString()}</TableCell>
              <TableCell>
                <code title={v.policyHash}>{v.policyHash.slice(0, 12)}</code>
              </TableCell>
              <TableCell>{describeChanges(v.changes, v.seq === 1)}</TableCell>
              <TableCell>
                <Link to={`${portfolioPath}?policyVersion=${v.seq}`}>
                  Derived under version {v.seq}
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
