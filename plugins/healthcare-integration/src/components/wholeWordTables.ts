import { makeStyles } from '@material-ui/core/styles';

/**
 * Backstage's theme lets a table cell break a word anywhere (`word-break: break-word`), so a
 * squeezed column reads "Securit y review er" and the test matrix "pa ss ed". On the plugin's
 * pages (`data-hip-page`) cells keep words whole: the browser sizes each column to its longest
 * word and breaks only a token too long for any line (a hash, a URL).
 */
export const useWholeWordTables = makeStyles({
  '@global': {
    // Elements, not MUI's class names: those carry a generated suffix in some apps
    // (`MuiTableCell-root-2014`). `[attr] td` also outranks the theme's one-class rule.
    '[data-hip-page] td, [data-hip-page] th': {
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    },
  },
});

/**
 * Cells a little less padded than the theme's, for the wide tables (portfolio, mapping rows)
 * that must fit 1280 px with their words whole.
 */
export const useDenseTable = makeStyles(theme => ({
  dense: {
    '& td, & th': {
      paddingLeft: theme.spacing(1.5),
      paddingRight: theme.spacing(1.5),
    },
  },
}));
