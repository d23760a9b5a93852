import { makeStyles } from '@material-ui/core/styles';

/**
 * Backstage's theme lets a table cell break a word anywhere (`word-break: break-word`), so a
 * squeezed column reads "Securit y review er" and the test matrix "pa ss ed". On the plugin's
 * pages (`data-hip-page`) cells keep words whole: the browser sizes each column to its longest
 * word and breaks only a token too long for any line (a hash, a URL).
 */
export const useWholeWordTables = makeStyles({
  '@global': {
    '[data-hip-page] .MuiTableCell-root': {
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    },
  },
});
