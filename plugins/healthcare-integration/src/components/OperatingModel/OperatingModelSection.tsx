import React, { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  OperatingModelVersionSummary,
  OperatingModelView,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { formatDateTime } from '../../format';
import { ShortHash } from '../ShortHash';
import { OperatingModelDiffView } from './OperatingModelDiffView';
import { OperatingModelDocumentView } from './OperatingModelDocumentView';

export interface OperatingModelSectionProps {
  recordRef: string;
  /** From useOperatingModel (the tab counts the versions too). */
  model: {
    value?: OperatingModelView;
    loading: boolean;
    error?: Error;
  };
}

/** What made a version, in words. */
export function versionReason(reason: string): string {
  if (reason === 'intake') return 'Intake';
  if (reason === 'backfill')
    return 'First recorded (the record predates versioning)';
  const change = /^change:(.+)$/.exec(reason);
  if (change) return `Change ${change[1].slice(0, 8)} implemented`;
  return reason;
}

function VersionSelect(props: {
  label: string;
  value: number;
  versions: OperatingModelVersionSummary[];
  onChange: (v: number) => void;
  testId: string;
}) {
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value))}
      variant="outlined"
      size="small"
      style={{ minWidth: 160 }}
      SelectProps={{
        SelectDisplayProps: { 'data-testid': props.testId } as any,
      }}
    >
      {props.versions.map(v => (
        <MenuItem key={v.version} value={v.version}>
          Version {v.version}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The operating model: the current document, every version with its hash (the one the audit
 * chain records) and what made it, and the diff between two chosen versions.
 */
export function OperatingModelSection(props: OperatingModelSectionProps) {
  const { recordRef, model } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const versions = model.value?.versions ?? [];
  const latest = versions[versions.length - 1]?.version ?? 0;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  useEffect(() => {
    setFrom(Math.max(1, latest - 1));
    setTo(latest);
  }, [latest]);
  const diff = useAsync(
    async () =>
      versions.length > 1 && from !== to
        ? api.diffOperatingModel(recordRef, from, to)
        : undefined,
    [api, recordRef, from, to, versions.length],
  );

  if (model.loading && !model.value)
    return (
      <InfoCard title="Operating model">
        <Progress />
      </InfoCard>
    );
  if (model.error || !model.value)
    return (
      <ResponseErrorPanel
        error={model.error ?? new Error('No operating model')}
        title="Could not load the operating model"
      />
    );
  const { current } = model.value;
  return (
    <InfoCard
      title="Operating model"
      subheader={`Version ${current.version} of ${
        versions.length
      }, recorded ${formatDateTime(current.createdAt)}`}
    >
      <Box data-testid="hip-operating-model">
        <OperatingModelDocumentView document={current.document} />
        <Typography variant="h6" component="h3" gutterBottom>
          Versions
        </Typography>
        <Table
          size="small"
          aria-label="Operating model versions"
          data-testid="hip-operating-model-versions"
        >
          <TableHead>
            <TableRow>
              <TableCell>Version</TableCell>
              <TableCell>Made by</TableCell>
              <TableCell>Recorded</TableCell>
              <TableCell>SHA-256 (in the audit chain)</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...versions].reverse().map(v => (
              <TableRow key={v.version}>
                <TableCell>{v.version}</TableCell>
                <TableCell>{versionReason(v.reason)}</TableCell>
                <TableCell>{formatDateTime(v.createdAt)}</TableCell>
                <TableCell>
                  <ShortHash
                    hash={v.contentHash}
                    label={`SHA-256 of version ${v.version}`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {versions.length > 1 && (
          <Box mt={3}>
            <Typography variant="h6" component="h3" gutterBottom>
              What changed
            </Typography>
            <Box display="flex" gridGap={16} mb={2}>
              <VersionSelect
                label="From"
                value={from}
                versions={versions}
                onChange={setFrom}
                testId="hip-operating-model-diff-from"
              />
              <VersionSelect
                label="To"
                value={to}
                versions={versions}
                onChange={setTo}
                testId="hip-operating-model-diff-to"
              />
            </Box>
            {from === to && (
              <Typography variant="body2">
                Choose two different versions to compare.
              </Typography>
            )}
            {diff.loading && <Progress />}
            {diff.error && (
              <ResponseErrorPanel
                error={diff.error}
                title="Could not compare the versions"
              />
            )}
            {diff.value && (
              <OperatingModelDiffView
                diff={diff.value.diff}
                from={diff.value.from}
                to={diff.value.to}
              />
            )}
          </Box>
        )}
      </Box>
    </InfoCard>
  );
}
