import React from 'react';
import { itemAnchorId } from '../RemainingWork/deepLinks';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { darken, makeStyles, type Theme } from '@material-ui/core/styles';
import {
  EVIDENCE_KIND_LABELS,
  GATE_STATUS_LABELS,
  isGateClosed,
  labelOf,
  type Decision,
  type Gate,
  type Role,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { PersonName, joinNodes } from '../PersonName';
import { GateStatusChip } from '../GateStatusChip';
import {
  formatDateTime,
  isGateOpen,
  roleLabel,
  slaText,
  stageLabel,
} from '../../format';

/**
 * Red text that keeps 4.5:1 on the page background: the palette's error red is a fill colour
 * (about 3.5:1 on #f8f8f8 in the light theme), so text takes a darker shade of it.
 */
function errorText(theme: Theme) {
  return theme.palette.type === 'dark'
    ? theme.palette.error.light
    : darken(theme.palette.error.main, 0.35);
}

const useStyles = makeStyles(theme => ({
  row: {
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(1),
    borderLeft: `4px solid ${theme.palette.divider}`,
  },
  closed: { borderLeftColor: theme.palette.success.main },
  overdue: { borderLeftColor: theme.palette.error.main },
  reopened: { borderLeftColor: theme.palette.warning.main },
  overdueText: { color: errorText(theme), fontWeight: 600 },
  blockedText: { color: errorText(theme) },
  stale: { textDecoration: 'line-through', opacity: 0.7 },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
    flexWrap: 'wrap',
  },
  meta: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
}));

const DECISION_LABEL: Record<Decision, string> = {
  approve: 'approved',
  reject: 'rejected',
  'request-changes': 'requested changes',
};

export interface GateRowProps {
  gate: Gate;
  roles: RoleHolders;
  /**
   * The role the viewer decides this gate as (the shared `gateDecision` rule's answer); when
   * undefined, Approve / Reject / Request changes are not offered.
   */
  decideAs?: Role;
  /** Approver roles the open gate still awaits (shared `awaitedRoles`), with their holders. */
  awaiting: Array<{ role: Role; holder: string }>;
  /** Whether Waive is offered (shared `waiverRefusal` gave no refusal). */
  waivable: boolean;
  /** Whether Confirm waiver is offered (shared `waiverConfirmationRefusal` gave no refusal). */
  confirmable: boolean;
  /** What blocks approval, in words (shared `gateBlockersInWords`); empty when nothing does. */
  blockedBecause: string[];
  /** Titles of the gates this one comes after, in the policy's order. */
  afterTitles: string[];
  now?: Date;
  onDecide(decision: Decision): void;
  onWaive(): void;
  onConfirmWaiver(): void;
}

/** One gate of the timeline: status, approvers, decisions, SLA, and the viewer's actions. */
export function GateRow(props: GateRowProps) {
  const classes = useStyles();
  const { gate, roles } = props;
  const open = isGateOpen(gate.status);
  const sla = open ? slaText(gate.dueAt, props.now) : undefined;
  const closed = isGateClosed(gate.status);
  let borderClass = '';
  if (closed) borderClass = classes.closed;
  else if (sla?.overdue) borderClass = classes.overdue;
  else if (gate.status === 'reopened' || gate.status === 'rejected')
    borderClass = classes.reopened;

  return (
    <Paper
      variant="outlined"
      className={`${classes.row} ${borderClass}`}
      data-testid={`gate-${gate.id}`}
      id={itemAnchorId('gates', gate.id)}
      component="li"
      aria-label={`Gate ${gate.title}: ${labelOf(
        GATE_STATUS_LABELS,
        gate.status,
      )}`}
    >
      <Box className={classes.meta}>
        <Typography variant="subtitle1" component="h4">
          {gate.title}
        </Typography>
        <GateStatusChip status={gate.status} />
        <Chip
          size="small"
          variant="outlined"
          label={`${stageLabel(gate.stage)} stage`}
        />
        {sla && (
          <Typography
            variant="body2"
            className={sla.overdue ? classes.overdueText : undefined}
            data-testid="gate-sla"
          >
            {`SLA ${gate.slaDays}d, ${sla.text}`}
          </Typography>
        )}
      </Box>
      {gate.description && (
        <Typography variant="body2" color="textSecondary">
          {gate.description}
        </Typography>
      )}
      <Typography variant="body2">
        Approvers:{' '}
        {joinNodes(
          gate.approverRoles.map(r => (
            <>
              {roleLabel(r)} (<PersonName entityRef={roles[r]} />)
            </>
          )),
          ', ',
        )}
        {gate.evidenceKinds.length > 0 && (
          <>
            {' '}
            · Evidence:{' '}
            {gate.evidenceKinds
              .map(k => labelOf(EVIDENCE_KIND_LABELS, k))
              .join(', ')}
          </>
        )}
        {props.afterTitles.length > 0 && (
          <> · After: {props.afterTitles.join(', ')}</>
        )}
      </Typography>

      {gate.reopenReason && (
        <Typography variant="body2" color="textSecondary">
          Reopened: {gate.reopenReason}
        </Typography>
      )}

      {gate.decisions.map(d => (
        <Typography
          key={`${d.role}-${d.decidedBy}-${d.decidedAt}`}
          variant="body2"
          className={d.stale ? classes.stale : undefined}
        >
          {roleLabel(d.role)} <PersonName entityRef={d.decidedBy} />{' '}
          {DECISION_LABEL[d.decision]} on {formatDateTime(d.decidedAt)}: “
          {d.comment}”
          {d.stale && (
            <span data-testid="decision-stale">
              {' '}
              {/* The "Reopened" line above says why, when the gate reopened. */}
              (out of date
              {gate.reopenReason ? '' : ': the record or its evidence changed'})
            </span>
          )}
        </Typography>
      ))}

      {gate.waiver?.pendingCoApproval && (
        <Box data-testid="gate-waiver-pending">
          <Typography variant="body2">
            Waiver requested by <PersonName entityRef={gate.waiver.by} />,
            awaiting the {roleLabel(gate.waiver.pendingCoApproval)}
            {roles[gate.waiver.pendingCoApproval] && (
              <>
                {' '}
                —{' '}
                <PersonName entityRef={roles[gate.waiver.pendingCoApproval]} />
              </>
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Requested on {formatDateTime(gate.waiver.at)}: “
            {gate.waiver.justification}”
            {gate.waiver.expiresAt && (
              <>
                {' '}
                · would be in force until{' '}
                {formatDateTime(gate.waiver.expiresAt)}
              </>
            )}
          </Typography>
        </Box>
      )}
      {gate.waiver && !gate.waiver.pendingCoApproval && (
        <Typography variant="body2" data-testid="gate-waiver">
          Waived by <PersonName entityRef={gate.waiver.by} /> on{' '}
          {formatDateTime(gate.waiver.at)}: “{gate.waiver.justification}”
          {gate.waiver.coApprovedBy && (
            <>
              {' '}
              · confirmed by <PersonName entityRef={gate.waiver.coApprovedBy} />
              {gate.waiver.coApprovedAt && (
                <> on {formatDateTime(gate.waiver.coApprovedAt)}</>
              )}
            </>
          )}
          {gate.waiver.expiresAt && (
            <>
              {' '}
              · in force until {formatDateTime(gate.waiver.expiresAt)}, then the
              gate reopens
            </>
          )}
        </Typography>
      )}

      {open && props.awaiting.length > 0 && (
        <Typography variant="body2" data-testid="gate-awaits">
          {joinNodes(
            props.awaiting.map(a => (
              <>
                Awaiting {roleLabel(a.role)} —{' '}
                <PersonName entityRef={a.holder} />
              </>
            )),
            '; ',
          )}
        </Typography>
      )}

      {open && props.blockedBecause.length > 0 && (
        <Typography
          variant="body2"
          className={classes.blockedText}
          data-testid="gate-blocked"
        >
          Blocked: {props.blockedBecause.join('; ')}
        </Typography>
      )}

      {(props.decideAs || props.waivable || props.confirmable) && (
        <Box className={classes.actions}>
          {props.decideAs && (
            <>
              <Button
                size="small"
                variant="contained"
                color="primary"
                disabled={gate.blockers.length > 0}
                title={
                  props.blockedBecause.length
                    ? `Blocked: ${props.blockedBecause.join('; ')}`
                    : undefined
                }
                onClick={() => props.onDecide('approve')}
              >
                Approve
              </Button>
              <Button
                size="small"
                variant="outlined"
                onClick={() => props.onDecide('reject')}
              >
                Reject
              </Button>
              <Button
                size="small"
                variant="outlined"
                onClick={() => props.onDecide('request-changes')}
              >
                Request changes
              </Button>
              <Typography
                variant="caption"
                color="textSecondary"
                data-testid="gate-decide-as"
              >
                You decide as {roleLabel(props.decideAs)}
              </Typography>
            </>
          )}
          {props.waivable && (
            <Button size="small" onClick={props.onWaive}>
              Waive
            </Button>
          )}
          {props.confirmable && (
            <Button
              size="small"
              variant="outlined"
              onClick={props.onConfirmWaiver}
            >
              Confirm waiver
            </Button>
          )}
        </Box>
      )}
    </Paper>
  );
}
