import React from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  STAGES,
  type PortfolioSummary,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { PortfolioFilters as Filters } from '../../hooks/usePortfolio';
import { stageLabel } from '../../format';

const useStyles = makeStyles(theme => ({
  group: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  count: { whiteSpace: 'nowrap', textTransform: 'none' },
  number: { marginLeft: theme.spacing(0.5), fontWeight: 700 },
}));

/** One count of the strip: whether its filter is on, and the filters with it toggled. */
interface Count {
  label: string;
  count: number;
  active: boolean;
  toggle(filters: Filters): Filters;
}

function stageCount(summary: PortfolioSummary, filters: Filters) {
  return STAGES.map(
    (stage): Count => ({
      label: stageLabel(stage),
      count: summary.byStage[stage],
      active: filters.stage === stage,
      toggle: f => ({ ...f, stage: f.stage === stage ? undefined : stage }),
    }),
  );
}

function attentionCounts(summary: PortfolioSummary, filters: Filters) {
  const phiVendor = filters.phi === 'true' && filters.vendor === 'true';
  const counts: Count[] = [
    {
      label: 'Blocked',
      count: summary.blocked,
      active: filters.blocked === 'true',
      toggle: f => ({
        ...f,
        blocked: f.blocked === 'true' ? undefined : 'true',
      }),
    },
    {
      label: 'Overdue',
      count: summary.overdue,
      active: filters.overdue === 'true',
      toggle: f => ({
        ...f,
        overdue: f.overdue === 'true' ? undefined : 'true',
      }),
    },
    ...(['degraded', 'down'] as const).map(
      (health): Count => ({
        label: health === 'down' ? 'Down' : 'Degraded',
        count: summary[health],
        active: filters.health === health,
        toggle: f => ({
          ...f,
          health: f.health === health ? undefined : health,
        }),
      }),
    ),
    {
      label: 'PHI + vendor',
      count: summary.phiVendor,
      active: phiVendor,
      toggle: f =>
        phiVendor
          ? { ...f, phi: undefined, vendor: undefined }
          : { ...f, phi: 'true', vendor: 'true' },
    },
  ];
  return counts;
}

function CountButtons(props: {
  label: string;
  counts: Count[];
  filters: Filters;
  onChange(filters: Filters): void;
}) {
  const classes = useStyles();
  return (
    <div role="group" aria-label={props.label} className={classes.group}>
      {props.counts.map(c => (
        <Button
          key={c.label}
          size="small"
          variant={c.active ? 'contained' : 'outlined'}
          color={c.active ? 'primary' : 'default'}
          aria-pressed={c.active}
          className={classes.count}
          onClick={() => props.onChange(c.toggle(props.filters))}
        >
          {c.label} <span className={classes.number}>{c.count}</span>
        </Button>
      ))}
    </div>
  );
}

/**
 * Counts by stage and of what needs attention, over the records the current filters match
 * (the backend counts the filtered set). Each count is a toggle that applies its filter.
 */
export function PortfolioSummaryStrip(props: {
  summary: PortfolioSummary;
  filters: Filters;
  onChange(filters: Filters): void;
}) {
  const { summary, filters, onChange } = props;
  const caption =
    summary.total === 1
      ? 'Of the 1 integration that matches:'
      : `Of the ${summary.total} integrations that match:`;
  return (
    <Box
      component="section"
      aria-label="Portfolio summary"
      mb={2}
      display="flex"
      flexDirection="column"
      style={{ gap: 8 }}
      data-testid="portfolio-summary"
    >
      <Typography variant="body2" data-testid="portfolio-summary-caption">
        {caption}
      </Typography>
      <CountButtons
        label="By stage"
        counts={stageCount(summary, filters)}
        filters={filters}
        onChange={onChange}
      />
      <CountButtons
        label="Needs attention"
        counts={attentionCounts(summary, filters)}
        filters={filters}
        onChange={onChange}
      />
    </Box>
  );
}
