import React from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { Health } from '@hcig/backstage-plugin-healthcare-integration-common';

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

/**
 * Rolled-up monitoring health (healthy, degraded, down, unknown). A record that is not live
 * yet has no signals by design: "not monitored yet", not a fault.
 */
export function HealthChip(props: {
  health: Health;
  reason?: string;
  notLive?: boolean;
}) {
  const classes = useStyles();
  const label =
    props.health === 'unknown' && props.notLive
      ? 'not monitored yet'
      : props.health;
  const chip = (
    <Chip
      size="small"
      label={label}
      className={classes[props.health]}
      variant={props.health === 'unknown' ? 'outlined' : 'default'}
      aria-label={`health ${label}`}
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
