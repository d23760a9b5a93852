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
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MappingIssue,
  MappingReview,
  MappingRow,
  MappingRowReview,
  MappingTransform,
  RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  DATA_CLASS_LABELS,
  MAPPING_ROW_STATUS_LABELS,
  labelOf,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { useMappingReview } from '../../hooks/useMappingReview';
import { useViewer } from '../../hooks/useViewer';
import { formatDateTime, roleLabel } from '../../format';
import { CommentDialog } from '../CommentDialog';
import { PersonName } from '../PersonName';
import { BreakablePath } from './BreakablePath';
import { useDenseTable } from '../wholeWordTables';

/** Headers and short cells keep their words whole; long cells wrap between words. */
const NOWRAP = { whiteSpace: 'nowrap', wordBreak: 'normal' } as const;

export interface MappingReviewSectionProps {
  /** The integration record's entity ref. */
  entityRef: string;
  /** The record's role holders and requester, from the status the tab already holds. */
  roles: RoleHolders;
  requestedBy: string;
  /** Called after a sign-off, so the tab refreshes the gate it drives. */
  onChanged?: () => void;
}

export function transformLabel(t: MappingTransform): string {
  switch (t.type) {
    case 'code-map':
      return `code map (${Object.keys(t.table).length} codes${
        t.default !== undefined ? `, default ${t.default}` : ', no default'
      })`;
    case 'date-format':
      return `date ${t.from} → ${t.to}`;
    case 'concatenate':
      return `concatenate with ${t.parts.join(', ')}`;
    case 'constant':
      return `constant "${t.value}"`;
    case 'fhirpath':
      return `FHIRPath ${t.expression}`;
    default:
      return 'copy';
  }
}

const STATUS_COLOR: Record<
  MappingRowReview['status'],
  'primary' | 'secondary' | 'default'
> = {
  confirmed: 'primary',
  disputed: 'secondary',
  unconfirmed: 'default',
};

/**
 * The data-mapping review: every row of the current mapping spec with its validation findings
 * and sign-off, and Confirm / Dispute for a viewer who holds the row's confirm-by role (the
 * backend enforces the role and segregation of duties; the buttons only follow it).
 */
export function MappingReviewSection(props: MappingReviewSectionProps) {
  const { entityRef, roles, requestedBy, onChanged } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const viewer = useViewer();
  const dense = useDenseTable();
  const { pending, run } = useAction();
  const [updated, setUpdated] = useState<MappingReview>();
  const [disputing, setDisputing] = useState<string>();

  const state = useMappingReview(entityRef);

  const review =
    updated?.entityRef === entityRef ? updated : state.value?.review;
  const title = review ? `Data mapping v${review.version}` : 'Data mapping';

  if (state.loading && !state.value)
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  if (state.error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel
          error={state.error}
          title="Could not load the mapping review"
        />
      </InfoCard>
    );
  }
  if (!state.value || !review) {
    return (
      <InfoCard title={title}>
        <EmptyState
          missing="content"
          title="No mapping spec yet"
          description="Store the integration's MappingSpec (PUT .../mapping, or the intake template) to review it row by row."
        />
      </InfoCard>
    );
  }

  const me = viewer.userEntityRef;
  const mine = new Set(viewer.ownershipEntityRefs);
  const canSignOff = (row: MappingRow) =>
    !!me &&
    me !== requestedBy &&
    me !== review.createdBy &&
    mine.has(roles[row.confirmBy]);

  const confirm = async (rowId: string) => {
    const next = await run(
      () => api.confirmMappingRow(entityRef, rowId, {}),
      `Row ${rowId} confirmed`,
    );
    if (next) {
      setUpdated(next);
      onChanged?.();
    }
  };
  const dispute = async (rowId: string, comment: string) => {
    const next = await run(
      () => api.disputeMappingRow(entityRef, rowId, { comment }),
      `Row ${rowId} disputed`,
    );
    if (next) {
      setUpdated(next);
      onChanged?.();
    }
    return !!next;
  };

  const issuesOf = (rowId: string, list: MappingIssue[]) =>
    list.filter(i => i.row === rowId);
  const specIssues = [
    ...review.validation.errors,
    ...review.validation.warnings,
  ].filter(i => i.row === 'spec');
  const confirmed = review.rows.filter(r => r.status === 'confirmed').length;

  return (
    <InfoCard
      title={title}
      subheader={
        <span>
          {confirmed} of {review.rows.length} rows confirmed · stored by{' '}
          <PersonName entityRef={review.createdBy} />{' '}
          {formatDateTime(review.createdAt)}
        </span>
      }
    >
      <Box mb={1} display="flex" style={{ gap: 8 }} alignItems="center">
        <Chip
          size="small"
          label={
            review.validation.errors.length
              ? `${review.validation.errors.length} validation errors`
              : 'Valid against HL7 v2 / FHIR R4'
          }
          color={review.validation.errors.length ? 'secondary' : 'primary'}
        />
        <Chip
          size="small"
          label={
            review.readyForApproval
              ? 'Ready for the mapping-review gate'
              : 'Not ready for the mapping-review gate'
          }
          variant="outlined"
        />
        <Typography variant="body2" color="textSecondary">
          {review.spec.source.standard} → {review.spec.destination.standard}
        </Typography>
      </Box>
      {specIssues.map((i, n) => (
        <Typography key={n} variant="body2" color="error">
          {i.path}: {i.message}
        </Typography>
      ))}
      {/* Scrolls sideways rather than squeezing words letter by letter at narrow widths. */}
      <Box
        overflow="auto"
        tabIndex={0}
        role="region"
        aria-label="Mapping rows, scrollable"
      >
        <Table size="small" aria-label="Mapping rows" className={dense.dense}>
          <TableHead>
            <TableRow>
              <TableCell style={NOWRAP}>Row</TableCell>
              <TableCell style={NOWRAP}>Source</TableCell>
              <TableCell style={NOWRAP}>Destination</TableCell>
              <TableCell style={NOWRAP}>Transform</TableCell>
              <TableCell style={NOWRAP}>Data</TableCell>
              <TableCell style={NOWRAP}>Meaning</TableCell>
              <TableCell style={NOWRAP}>Confirm by</TableCell>
              <TableCell style={NOWRAP}>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {review.spec.rows.map(row => {
              const rr = review.rows.find(r => r.id === row.id);
              const status = rr?.status ?? 'unconfirmed';
              const errors = issuesOf(row.id, review.validation.errors);
              const warnings = issuesOf(row.id, review.validation.warnings);
              const allowed = canSignOff(row);
              const stale =
                rr?.history.some(h => h.stale) && status === 'unconfirmed';
              return (
                <TableRow key={row.id} data-testid={`mapping-row-${row.id}`}>
                  <TableCell>{row.id}</TableCell>
                  <TableCell>
                    <code>
                      <BreakablePath text={row.source ?? '—'} />
                    </code>
                  </TableCell>
                  <TableCell>
                    <code>
                      <BreakablePath text={row.destination} />
                    </code>
                  </TableCell>
                  <TableCell>
                    <BreakablePath text={transformLabel(row.transform)} />
                  </TableCell>
                  <TableCell>
                    {labelOf(DATA_CLASS_LABELS, row.phiClass)}
                    <Typography variant="caption" display="block">
                      {row.required ? 'Required' : 'Optional'}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {row.meaning}
                    {[...errors, ...warnings].map((i, n) => (
                      <Typography
                        key={n}
                        variant="caption"
                        display="block"
                        color={errors.includes(i) ? 'error' : 'textSecondary'}
                      >
                        {errors.includes(i) ? 'Error' : 'Warning'}: {i.message}
                        {i.suggestion ? ` (did you mean ${i.suggestion}?)` : ''}
                      </Typography>
                    ))}
                  </TableCell>
                  <TableCell>
                    {roleLabel(row.confirmBy)}
                    <div>
                      <PersonName entityRef={roles[row.confirmBy]} />
                    </div>
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={MAPPING_ROW_STATUS_LABELS[status]}
                      color={STATUS_COLOR[status]}
                    />
                    {rr?.confirmation && (
                      <Typography variant="caption" display="block">
                        by <PersonName entityRef={rr.confirmation.by} />{' '}
                        {formatDateTime(rr.confirmation.at)}
                        {rr.confirmation.comment
                          ? `: ${rr.confirmation.comment}`
                          : ''}
                      </Typography>
                    )}
                    {stale && (
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        earlier sign-off is stale (row changed)
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {allowed && status !== 'confirmed' && (
                      <Button
                        size="small"
                        color="primary"
                        disabled={pending}
                        onClick={() => confirm(row.id)}
                      >
                        Confirm
                      </Button>
                    )}
                    {allowed && status !== 'disputed' && (
                      <Button
                        size="small"
                        disabled={pending}
                        onClick={() => setDisputing(row.id)}
                      >
                        Dispute
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      <CommentDialog
        open={!!disputing}
        title={`Dispute row ${disputing ?? ''}`}
        description="Say what differs between the source and destination meaning; the mapping author sees it."
        fieldLabel="Why the mapping is wrong"
        minLength={5}
        submitLabel="Dispute"
        pending={pending}
        onClose={() => setDisputing(undefined)}
        onSubmit={text => dispute(disputing!, text)}
      />
    </InfoCard>
  );
}
