import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  awaitedRoles,
  labelOf,
  PROFILE_FIELD_LABELS,
  RECORD_CHANGE_STATUS_LABELS,
  type GovernanceStatus,
  type RecordChange,
  type Role,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { mayWithdraw, recordChangeRole } from '../../offers';
import { formatDateTime, roleLabel } from '../../format';
import { PersonName, joinNodes } from '../PersonName';
import { CommentDialog } from '../CommentDialog';

const useStyles = makeStyles(theme => ({
  change: { padding: theme.spacing(1.5, 2), marginBottom: theme.spacing(1) },
  meta: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
    flexWrap: 'wrap',
  },
  fields: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2) },
}));

export interface RecordChangesProps {
  recordRef: string;
  /** The status as fetched; its `viewer` and `recordChanges` drive the section. */
  status: GovernanceStatus;
  /**
   * The viewer's ownership refs (their groups), for the rule that a new holder cannot approve;
   * undefined while the identity loads (no decision is offered then).
   */
  actorIdentity?: readonly string[];
  /** The permission framework's answers: deciding is a decision, withdrawing an update. */
  canDecide: boolean;
  canWithdraw: boolean;
  onStatus(status: GovernanceStatus): void;
}

function showValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The fields a change touches, named in words (`field` keeps the API's `roles.x` / `profile.y`). */
export function recordChangeFields(change: RecordChange) {
  const rows: Array<{
    field: string;
    label: string;
    before: React.ReactNode;
    after: React.ReactNode;
  }> = [];
  if (change.after.title !== undefined) {
    rows.push({
      field: 'title',
      label: 'Title',
      before: showValue(change.before.title),
      after: showValue(change.after.title),
    });
  }
  for (const [k, v] of Object.entries(change.after.profile ?? {})) {
    rows.push({
      field: `profile.${k}`,
      label: labelOf(PROFILE_FIELD_LABELS, k),
      before: showValue(
        (change.before.profile as Record<string, unknown> | undefined)?.[k],
      ),
      after: showValue(v),
    });
  }
  for (const [k, v] of Object.entries(change.after.roles ?? {})) {
    const before = (
      change.before.roles as Record<string, string> | undefined
    )?.[k];
    rows.push({
      field: `roles.${k}`,
      label: roleLabel(k as Role),
      before: <PersonName entityRef={before} />,
      after: <PersonName entityRef={v} />,
    });
  }
  return rows;
}

/**
 * Proposed changes to role holders and governed profile fields. Each pending change shows what
 * it changes, who proposed it and which roles must approve it; Approve / Reject are offered only
 * where the shared `recordChangeDecision` rule names a role for the viewer, Withdraw only to the
 * proposer. Closed changes are listed briefly.
 */
export function RecordChanges(props: RecordChangesProps) {
  const classes = useStyles();
  const { status, recordRef } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run, error, clearError } = useAction();
  const [deciding, setDeciding] = useState<{
    change: RecordChange;
    decision: 'approve' | 'reject';
  }>();
  const changes = status.recordChanges ?? [];
  const open = changes.filter(c => c.status === 'pending');
  const closed = changes.filter(c => c.status !== 'pending');

  const decide = async (comment: string) => {
    if (!deciding) return false;
    const { change, decision } = deciding;
    const next = await run(
      () => api.decideRecordChange(recordRef, change.id, { decision, comment }),
      decision === 'approve'
        ? 'Record change approved'
        : 'Record change rejected',
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };
  const withdraw = async (change: RecordChange) => {
    const next = await run(
      () => api.withdrawRecordChange(recordRef, change.id),
      'Record change withdrawn',
    );
    if (next) props.onStatus(next);
  };

  return (
    <InfoCard
      title="Record changes"
      subheader="Changes to role holders and governed profile fields take effect only once the policy's approvers approve them"
    >
      {open.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No change awaits approval.
        </Typography>
      )}
      {open.map(change => {
        const decideAs =
          props.canDecide && props.actorIdentity
            ? recordChangeRole(status, change, props.actorIdentity)
            : undefined;
        const awaiting = awaitedRoles(change.approverRoles, change.decisions);
        return (
          <Paper
            key={change.id}
            variant="outlined"
            className={classes.change}
            data-testid={`record-change-${change.id}`}
          >
            <Box className={classes.meta}>
              <Chip
                size="small"
                label={RECORD_CHANGE_STATUS_LABELS[change.status]}
              />
              <Typography variant="body2">
                Proposed by <PersonName entityRef={change.proposedBy} /> on{' '}
                {formatDateTime(change.proposedAt)}
              </Typography>
            </Box>
            <ul className={classes.fields}>
              {recordChangeFields(change).map(f => (
                <li key={f.field}>
                  <Typography variant="body2">
                    {f.label}: {f.before} → {f.after}
                  </Typography>
                </li>
              ))}
            </ul>
            <Typography variant="body2">
              Approved by: {change.approverRoles.map(roleLabel).join(' and ')}
            </Typography>
            {change.decisions.map(d => (
              <Typography key={`${d.role}-${d.decidedBy}`} variant="body2">
                {roleLabel(d.role)} <PersonName entityRef={d.decidedBy} />{' '}
                {d.decision === 'approve' ? 'approved' : 'rejected'} on{' '}
                {formatDateTime(d.decidedAt)}: “{d.comment}”
              </Typography>
            ))}
            {awaiting.length > 0 && (
              <Typography variant="body2" data-testid="record-change-awaits">
                {joinNodes(
                  awaiting.map(r => (
                    <>
                      Awaiting {roleLabel(r)} —{' '}
                      <PersonName entityRef={status.record.roles[r]} />
                    </>
                  )),
                  '; ',
                )}
              </Typography>
            )}
            {(decideAs ||
              (props.canWithdraw && mayWithdraw(status, change))) && (
              <Box className={classes.actions}>
                {decideAs && (
                  <>
                    <Button
                      size="small"
                      variant="contained"
                      color="primary"
                      disabled={pending}
                      onClick={() => {
                        clearError();
                        setDeciding({ change, decision: 'approve' });
                      }}
                    >
                      Approve
                    </Button>
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={pending}
                      onClick={() => {
                        clearError();
                        setDeciding({ change, decision: 'reject' });
                      }}
                    >
                      Reject
                    </Button>
                    <Typography variant="caption" color="textSecondary">
                      You decide as {roleLabel(decideAs)}
                    </Typography>
                  </>
                )}
                {props.canWithdraw && mayWithdraw(status, change) && (
                  <Button
                    size="small"
                    disabled={pending}
                    onClick={() => withdraw(change)}
                  >
                    Withdraw
                  </Button>
                )}
              </Box>
            )}
          </Paper>
        );
      })}
      {closed.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Closed</Typography>
          <ul className={classes.fields}>
            {closed.map(change => (
              <li
                key={change.id}
                data-testid={`record-change-closed-${change.id}`}
              >
                <Typography variant="body2">
                  {RECORD_CHANGE_STATUS_LABELS[change.status]}{' '}
                  {formatDateTime(change.closedAt)}:{' '}
                  {recordChangeFields(change)
                    .map(f => f.label)
                    .join(', ')}{' '}
                  (proposed by <PersonName entityRef={change.proposedBy} />)
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      <CommentDialog
        open={Boolean(deciding)}
        title={
          deciding
            ? `${
                deciding.decision === 'approve' ? 'Approve' : 'Reject'
              } the record change`
            : ''
        }
        description={
          deciding && (
            <Typography variant="body2" color="textSecondary">
              {recordChangeFields(deciding.change)
                .map(f => `${f.field}: ${f.before} → ${f.after}`)
                .join('; ')}
            </Typography>
          )
        }
        fieldLabel="Comment"
        submitLabel="Submit decision"
        pending={pending}
        error={error}
        onClose={() => setDeciding(undefined)}
        onSubmit={decide}
      />
    </InfoCard>
  );
}
