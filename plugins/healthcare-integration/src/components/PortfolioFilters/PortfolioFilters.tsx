import React, { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useDebounce from 'react-use/esm/useDebounce';
import {
  HEALTH_STATES,
  STAGES,
  type Health,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { PortfolioFilters as Filters } from '../../hooks/usePortfolio';
import { stageLabel } from '../../format';

export interface PortfolioFiltersProps {
  value: Filters;
  onChange(value: Filters): void;
}

const ANY = '';

const HEALTH_LABELS: Record<Health, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  // Records that are not live have no signals by design.
  unknown: 'Unknown or not monitored yet',
};

function Select(props: {
  label: string;
  value?: string;
  options: Array<[string, string]>;
  onChange(v: string | undefined): void;
}) {
  return (
    <TextField
      id={`hci-filter-${props.label.toLowerCase()}`}
      select
      label={props.label}
      value={props.value ?? ANY}
      onChange={e => props.onChange(e.target.value || undefined)}
      style={{ minWidth: 140 }}
    >
      <MenuItem value={ANY}>Any</MenuItem>
      {props.options.map(([v, label]) => (
        <MenuItem key={v} value={v}>
          {label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Portfolio filters; the search box is debounced so typing does not fire a query per key. */
export function PortfolioFilters(props: PortfolioFiltersProps) {
  const { value, onChange } = props;
  const [q, setQ] = useState(value.q ?? '');
  useEffect(() => setQ(value.q ?? ''), [value.q]);
  useDebounce(
    () => {
      const trimmed = q.trim() || undefined;
      if (trimmed !== value.q) onChange({ ...value, q: trimmed });
    },
    300,
    [q],
  );

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 16 }}
      mb={2}
      role="group"
      aria-label="Filters"
    >
      <TextField
        id="hci-search"
        label="Search"
        placeholder="Title or entity ref"
        value={q}
        onChange={e => setQ(e.target.value)}
        inputProps={{ maxLength: 100, 'aria-label': 'Search integrations' }}
      />
      <Select
        label="Stage"
        value={value.stage}
        options={STAGES.map(s => [s, stageLabel(s)])}
        onChange={stage =>
          onChange({ ...value, stage: stage as Filters['stage'] })
        }
      />
      <Select
        label="PHI"
        value={value.phi}
        options={[
          ['true', 'Carries PHI'],
          ['false', 'No PHI'],
        ]}
        onChange={phi => onChange({ ...value, phi: phi as Filters['phi'] })}
      />
      <Select
        label="Vendor"
        value={value.vendor}
        options={[
          ['true', 'External vendor'],
          ['false', 'No vendor'],
        ]}
        onChange={vendor =>
          onChange({ ...value, vendor: vendor as Filters['vendor'] })
        }
      />
      <Select
        label="Blocked"
        value={value.blocked}
        options={[
          ['true', 'Has a rejected gate'],
          ['false', 'Nothing rejected'],
        ]}
        onChange={blocked =>
          onChange({ ...value, blocked: blocked as Filters['blocked'] })
        }
      />
      <Select
        label="Overdue"
        value={value.overdue}
        options={[
          ['true', 'Has overdue gates'],
          ['false', 'Nothing overdue'],
        ]}
        onChange={overdue =>
          onChange({ ...value, overdue: overdue as Filters['overdue'] })
        }
      />
      <Select
        label="Health"
        value={value.health}
        options={HEALTH_STATES.map(h => [h, HEALTH_LABELS[h]])}
        onChange={health =>
          onChange({ ...value, health: health as Filters['health'] })
        }
      />
    </Box>
  );
}
