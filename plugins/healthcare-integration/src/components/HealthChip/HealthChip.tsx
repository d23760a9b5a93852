import React from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import {
  HEALTH_LABELS,
  type Health,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';

const useStyles = makeStyles(theme => ({
  healthy: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  degraded: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  down: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {},
}));

/** Stages whose records send monitoring signals; elsewhere "unknown" is not a fault. */
const MONITORED_STAGES: readonly Stage[] = ['live', 'change'];

function healthLabel(health: Health, stage?: Stage): string {
  if (health !== 'unknown' || !stage || MONITORED_STAGES.includes(stage))
    return HEALTH_LABELS[health];
  return stage === 'retired' ? 'Not monitored' : 'Not monitored yet';
}

/**
 * Rolled-up monitoring health (healthy, degraded, down, unknown). Given the record's stage, a
 * record that is not live yet reads "not monitored yet" (it has no signals by design), and a
 * retired one "not monitored": neither is a fault.
 */
export function HealthChip(props: {
  health: Health;
  reason?: string;
  stage?: Stage;
}) {
  const classes = useStyles();
  const label = healthLabel(props.health, props.stage);
  const chip = (
    <Chip
      size="small"
      label={label}
      className={classes[props.health]}
      variant={props.health === 'unknown' ? 'outlined' : 'default'}
      aria-label={`Health: ${label}`}
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
