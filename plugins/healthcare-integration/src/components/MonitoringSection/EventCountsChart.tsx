import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  MONITORING_CATEGORIES,
  type MonitoringSummary,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Event counts per category as small horizontal bars (24 h and 7 d side by side), scaled to the
 * largest 7-day count so categories compare at a glance. Plain elements: no chart library.
 */
export function EventCountsChart({
  counts,
}: {
  counts: MonitoringSummary['counts'];
}) {
  const theme = useTheme();
  const max = Math.max(
    1,
    ...MONITORING_CATEGORIES.map(c => counts['7d'][c] ?? 0),
  );
  const bar = (value: number, color: string, label: string) => (
    <Box
      role="img"
      aria-label={label}
      title={label}
      height={8}
      width={`${Math.max(value > 0 ? 2 : 0, (value / max) * 100)}%`}
      bgcolor={color}
      borderRadius={2}
      mb={0.25}
    />
  );
  return (
    <Box mb={1} data-testid="event-counts-chart">
      <Typography variant="caption" color="textSecondary">
        Events per category: last 24 h (dark) and 7 days (light)
      </Typography>
      {MONITORING_CATEGORIES.map(c => {
        const day = counts['24h'][c] ?? 0;
        const week = counts['7d'][c] ?? 0;
        return (
          <Box key={c} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="caption" style={{ width: 72 }}>
              {c}
            </Typography>
            <Box flex={1}>
              {bar(day, theme.palette.primary.dark, `${c}: ${day} in 24 h`)}
              {bar(
                week,
                theme.palette.primary.light,
                `${c}: ${week} in 7 days`,
              )}
            </Box>
            <Typography
              variant="caption"
              style={{ width: 64, textAlign: 'right' }}
            >
              {day} / {week}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
