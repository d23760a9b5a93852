import React, { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useLocation } from 'react-router-dom';
import type { Section } from '@hcig/backstage-plugin-healthcare-integration-common';
import { deepLinkTarget, itemAnchorId } from '../RemainingWork';

const useStyles = makeStyles(theme => ({
  nav: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
    background: theme.palette.background.paper,
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  link: {
    display: 'inline-block',
    padding: theme.spacing(0.5, 0),
    borderBottom: '3px solid transparent',
  },
  current: {
    fontWeight: 700,
    color: theme.palette.text.primary,
    borderBottomColor: theme.palette.primary.main,
  },
  '@global': {
    // The sticky section bar must not cover what a deep link scrolls to.
    '[id^="hip-"]': { scrollMarginTop: theme.spacing(8) },
    '[data-hip-highlight="true"]': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));

export interface SectionCount {
  section: Section;
  label: string;
  /** "3/9", "6", "1 open"… */
  count?: string;
}

export const sectionAnchorId = (section: Section) => `hip-section-${section}`;

/**
 * Scrolls to what the URL names (`?gate=`, `?change=`, `?evidence=`, `?exception=`,
 * `?section=&item=`) once it is on the page, and outlines it.
 */
function useScrollToTarget() {
  const { search } = useLocation();
  useEffect(() => {
    const target = deepLinkTarget(new URLSearchParams(search));
    if (!target) return undefined;
    let tries = 0;
    let highlighted: HTMLElement | null = null;
    const timer = setInterval(() => {
      tries += 1;
      const el =
        (target.item &&
          document.getElementById(itemAnchorId(target.section, target.item))) ||
        (!target.item || tries > 8
          ? document.getElementById(sectionAnchorId(target.section))
          : null);
      if (el || tries > 40) clearInterval(timer);
      if (!el) return;
      // Opening a section from the bar keeps the page where it is unless the section starts above it.
      const sectionOnly = el.id === sectionAnchorId(target.section);
      if (!sectionOnly || el.getBoundingClientRect().top < 0)
        el.scrollIntoView?.({ block: 'start' });
      if (target.item && el.id !== sectionAnchorId(target.section)) {
        el.setAttribute('data-hip-highlight', 'true');
        highlighted = el;
      }
    }, 250);
    return () => {
      clearInterval(timer);
      highlighted?.removeAttribute('data-hip-highlight');
    };
  }, [search]);
}

/**
 * The tab's sections with their counts. One section shows at a time; each link opens its
 * section (`?section=`), and the open one is marked `aria-current`.
 */
export function SectionNav(props: {
  sections: SectionCount[];
  selected: Section;
}) {
  const classes = useStyles();
  useScrollToTarget();
  return (
    <nav aria-label="Sections of the governance tab" className={classes.nav}>
      {props.sections.map(s => (
        <Box
          key={s.section}
          component="span"
          data-testid={`section-link-${s.section}`}
        >
          <Link
            to={`?section=${s.section}`}
            aria-current={s.section === props.selected ? 'page' : undefined}
            className={`${classes.link} ${
              s.section === props.selected ? classes.current : ''
            }`}
          >
            {s.label}
            {s.count !== undefined && ` ${s.count}`}
          </Link>
        </Box>
      ))}
    </nav>
  );
}
