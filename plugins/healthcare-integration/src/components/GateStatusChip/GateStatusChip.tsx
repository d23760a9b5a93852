import React from 'react';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import {
  GATE_STATUS_LABELS,
  labelOf,
  type GateStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';

const useStyles = makeStyles(theme => ({
  approved: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  waived: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  rejected: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  reopened: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  open: {},
  muted: { opacity: 0.7 },
}));

function statusClassName(
  status: GateStatus,
  classes: ReturnType<typeof useStyles>,
): string {
  switch (status) {
    case 'approved':
      return classes.approved;
    case 'waived':
      return classes.waived;
    case 'rejected':
      return classes.rejected;
    case 'reopened':
      return classes.reopened;
    case 'not-required':
      return classes.muted;
    default:
      return classes.open;
  }
}

/** A gate's status as a coloured chip; the status's name (not only its colour) is the visible text. */
export function GateStatusChip(props: { status: GateStatus }) {
  const classes = useStyles();
  const { status } = props;
  const className = statusClassName(status, classes);
  return (
    <Chip
      size="small"
      label={labelOf(GATE_STATUS_LABELS, status)}
      className={className}
      variant={
        status === 'pending' || status === 'not-required'
          ? 'outlined'
          : 'default'
      }
      data-testid="gate-status"
    />
  );
}
