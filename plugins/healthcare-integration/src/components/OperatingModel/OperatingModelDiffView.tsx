import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { OperatingModelDiff } from '@hcig/backstage-plugin-healthcare-integration-common';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', padding: 0, margin: 0, fontFamily: 'monospace' },
  line: {
    padding: theme.spacing(0.5, 1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  added: {
    background:
      theme.palette.type === 'dark'
        ? 'rgba(76, 175, 80, 0.2)'
        : 'rgba(76, 175, 80, 0.12)',
    borderLeft: `4px solid ${theme.palette.success.main}`,
  },
  removed: {
    background:
      theme.palette.type === 'dark'
        ? 'rgba(244, 67, 54, 0.2)'
        : 'rgba(244, 67, 54, 0.1)',
    borderLeft: `4px solid ${theme.palette.error.main}`,
  },
  marker: { fontWeight: 'bold', marginRight: theme.spacing(1) },
  section: { marginTop: theme.spacing(1) },
}));

/**
 * The changed lines between two versions, under the section each belongs to. Each line says
 * "Added" or "Removed" in words: the colour only repeats it.
 */
export function OperatingModelDiffView(props: {
  diff: OperatingModelDiff;
  from: number;
  to: number;
}) {
  const classes = useStyles();
  const { diff, from, to } = props;
  const changed = diff.lines.filter(l => l.kind !== 'unchanged');
  const sections = [...new Set(changed.map(l => l.section))];
  return (
    <Box data-testid="hip-operating-model-diff">
      <Typography variant="body2" paragraph>
        From version {from} to version {to}: {diff.added} line
        {diff.added === 1 ? '' : 's'} added, {diff.removed} removed.
      </Typography>
      {sections.map(section => (
        <Box key={section} className={classes.section}>
          <Typography variant="subtitle2" component="h4">
            {section}
          </Typography>
          <ul className={classes.list} aria-label={`Changes in ${section}`}>
            {changed
              .filter(l => l.section === section)
              .map((l, i) => (
                <li
                  key={i}
                  data-kind={l.kind}
                  className={`${classes.line} ${
                    l.kind === 'added' ? classes.added : classes.removed
                  }`}
                >
                  <span className={classes.marker}>
                    {l.kind === 'added' ? '+ Added:' : '− Removed:'}
                  </span>
                  {l.text}
                </li>
              ))}
          </ul>
        </Box>
      ))}
    </Box>
  );
}
