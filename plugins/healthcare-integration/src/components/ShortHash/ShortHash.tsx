import React from 'react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { CopyTextButton } from '@backstage/core-components';

/** A SHA-256 shortened to its first 12 hex digits, full value on hover and a copy button. */
export function ShortHash(props: { hash: string; label?: string }) {
  const { hash, label = 'SHA-256' } = props;
  return (
    <Box display="inline-flex" alignItems="center">
      <Tooltip title={hash}>
        <Typography
          variant="body2"
          component="code"
          style={{ fontFamily: 'monospace' }}
        >
          {hash.slice(0, 12)}…
        </Typography>
      </Tooltip>
      <CopyTextButton
        text={hash}
        aria-label={`Copy ${label}`}
        tooltipText={`${label} copied`}
      />
    </Box>
  );
}
