import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type { RemainingItem } from '@hcig/backstage-plugin-healthcare-integration-common';
import { formatDate } from '../../format';
import { itemSearch } from './deepLinks';
import { PersonName } from '../PersonName';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(3) },
  item: { marginBottom: theme.spacing(1) },
  meta: { color: theme.palette.text.secondary },
  overdue: { color: theme.palette.error.dark, fontWeight: 600 },
}));

/**
 * Who acts on an item, by role and by the catalog's name of each holder. Also the
 * portfolio's "waiting on" (a `WaitingOn` has the same two fields).
 */
export function ItemOwner(props: {
  item: Pick<RemainingItem, 'partyLabel' | 'holders'>;
}) {
  const { item } = props;
  return (
    <>
      {item.partyLabel}
      {item.holders.length > 0 && ' ('}
      {item.holders.map((h, i) => (
        <React.Fragment key={h}>
          {i > 0 && ', '}
          <PersonName entityRef={h} />
        </React.Fragment>
      ))}
      {item.holders.length > 0 && ')'}
    </>
  );
}

/**
 * The "what is left" checklist: one ordered list of what still stands between the record and
 * its next stage (and its open monitoring exceptions), each with who acts, when it is due and a
 * link to where it is done. The list comes from the shared rule `remainingWork`.
 */
export function RemainingWork(props: {
  items: RemainingItem[];
  /** The tab's path; each item links to it with the item's query. */
  basePath: string;
  /** Show only the first items (the status card; the tab until "Show all" is pressed). */
  limit?: number;
  /** Offer "Show all N" / "Show fewer" instead of "and N more". */
  expandable?: boolean;
}) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const { items, expandable } = props;
  const limit = expanded ? undefined : props.limit;
  if (items.length === 0) {
    return (
      <Typography data-testid="remaining-none">
        Nothing is left: every gate of this stage is closed and no exception is
        open.
      </Typography>
    );
  }
  const shown = limit ? items.slice(0, limit) : items;
  return (
    <Box>
      <ol className={classes.list} aria-label="What is left">
        {shown.map(item => (
          <li
            key={item.key}
            className={classes.item}
            data-testid="remaining-item"
          >
            <Link to={`${props.basePath}${itemSearch(item.link)}`}>
              {item.text}
            </Link>
            <Typography variant="body2" className={classes.meta}>
              <ItemOwner item={item} />
              {item.dueAt && (
                <>
                  {' · '}
                  <span className={item.overdue ? classes.overdue : undefined}>
                    {item.overdue ? 'overdue since' : 'due'}{' '}
                    {formatDate(item.dueAt)}
                  </span>
                </>
              )}
              {item.blockedBy.length > 0 &&
                ` · waiting for ${item.blockedBy.join(', ')}`}
            </Typography>
          </li>
        ))}
      </ol>
      {expandable && props.limit && items.length > props.limit ? (
        <Button
          size="small"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer' : `Show all ${items.length}`}
        </Button>
      ) : (
        limit &&
        items.length > limit && (
          <Typography variant="body2" className={classes.meta}>
            and {items.length - limit} more
          </Typography>
        )
      )}
    </Box>
  );
}
