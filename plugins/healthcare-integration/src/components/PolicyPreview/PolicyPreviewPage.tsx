// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { parse, stringify } from 'yaml';
import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  type PolicyPreviewResponse,
  candidateFromDocument,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { PolicyVersions } from './PolicyVersions';

/**
 * What a candidate `healthcareIntegration.policy` would do across the portfolio: paste YAML
 * (an app-config or a bare policy), or start from the running policy and edit it. Nothing is
 * written.
 */
export function PolicyPreviewPage() {
  const api = useApi(healthcareIntegrationApiRef);
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PolicyPreviewResponse>();

  const loadRunning = async () => {
    setError(undefined);
    try {
      const { policy } = await api.getPolicy();
      setText(stringify({ healthcareIntegration: { policy } }));
    } catch (e) {
      setError(e as Error);
    }
  };

  const run = async () => {
    setInputError(undefined);
    setError(undefined);
    let policy;
    try {
      policy = candidateFromDocument(parse(text));
    } catch (e) {
      setInputError(`Not valid YAML: ${(e as Error).message}`);
      return;
    }
    if (!policy) {
      setInputError(
        'Paste an app-config with healthcareIntegration.policy, or a policy object',
      );
      return;
    }
    setBusy(true);
    try {
      setPreview(await api.previewPolicy({ policy }));
    } catch (e) {
      setPreview(undefined);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title="Policy preview"
        subtitle="What a policy change would do across the portfolio, before it is deployed"
      />
      <Content>
        <Box display="flex" mb={1} style={{ gap: 8 }}>
          <Button variant="outlined" onClick={loadRunning}>
            Start from the running policy
          </Button>
          <Button
            variant="contained"
            color="primary"
            onClick={run}
            disabled={busy || !text.trim()}
          >
            Preview
          </Button>
        </Box>
        <TextField
          id="policy-preview-candidate"
          label="Candidate policy (YAML)"
          multiline
          minRows={12}
          maxRows={30}
          fullWidth
          variant="outlined"
          value={text}
          onChange={e => setText(e.target.value)}
          inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
        />
        {inputError && (
          <Box mt={2}>
            <Alert severity="error">{inputError}</Alert>
          </Box>
        )}
        {error && (
          <Box mt={2}>
            <ResponseErrorPanel error={error} title="Could not preview" />
          </Box>
        )}
        {preview && <PreviewResult preview={preview} />}
        <Box mt={4}>
          <Typography variant="h6" component="h2" gutterBottom>
            Recorded policy versions
          </Typography>
          <PolicyVersions />
        </Box>
      </Content>
    </Page>
  );
}

function PreviewResult({ preview }: { preview: PolicyPreviewResponse }) {
  const t = preview.totals;
  const { added, removed, changed } = preview.policyChanges;
  return (
    <Box mt={3}>
      {preview.identical ? (
        <Alert severity="info">
          The candidate is the running policy: nothing changes.
        </Alert>
      ) : (
        <Alert
          severity={t.affected || t.approvalsGoStale ? 'warning' : 'success'}
        >
          {t.affected} of {t.integrations} integrations affected: {t.gatesAdded}{' '}
          gates added, {t.gatesRemoved} removed, {t.gatesChanged} changed (
          {t.gatesReopened} reopen); approvals: {t.approvalsStayValid} stay
          valid, {t.approvalsGoStale} go stale.
        </Alert>
      )}
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ marginTop: 8 }}
      >
        Policy {preview.currentHash.slice(0, 12)} →{' '}
        {preview.candidateHash.slice(0, 12)} · gates added:{' '}
        {added.join(', ') || 'none'} · removed: {removed.join(', ') || 'none'} ·
        redefined: {changed.join(', ') || 'none'}
      </Typography>
      {preview.integrations.length > 0 && (
        <Table
          size="small"
          aria-label="Policy preview"
          style={{ marginTop: 8 }}
        >
          <TableHead>
            <TableRow>
              <TableCell>Integration</TableCell>
              <TableCell>Stage</TableCell>
              <TableCell>Gates added</TableCell>
              <TableCell>Gates removed</TableCell>
              <TableCell>Gates changed</TableCell>
              <TableCell>Approvals going stale</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.integrations.map(i => (
              <TableRow key={i.entityRef} data-testid="preview-row">
                <TableCell>{i.title}</TableCell>
                <TableCell>{i.stage}</TableCell>
                <TableCell>{i.added.map(g => g.gateId).join(', ')}</TableCell>
                <TableCell>{i.removed.map(g => g.gateId).join(', ')}</TableCell>
                <TableCell>
                  {i.changed
                    .map(
                      g =>
                        `${g.gateId} (${g.fields.join(', ')}${
                          g.reopens ? '; reopens' : ''
                        })`,
                    )
                    .join('; ')}
                </TableCell>
                <TableCell>
                  {i.approvals
                    .filter(a => a.outcome === 'goes-stale')
                    .map(a => `${a.gateId} by ${a.decidedBy}: ${a.reason}`)
                    .join('; ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
