import {
  operatingModelMarkdown,
  type OperatingModelDocument,
} from './document';

/**
 * A line diff of two versions of an operating model, over their Markdown, so the tab and the
 * evidence pack show the same change. Each line carries the section it belongs to.
 */

export type OperatingModelDiffKind = 'unchanged' | 'added' | 'removed';

export interface OperatingModelDiffLine {
  kind: OperatingModelDiffKind;
  /** Heading of the section the line is in (the document title for the first lines). */
  section: string;
  text: string;
}

export interface OperatingModelDiff {
  added: number;
  removed: number;
  lines: OperatingModelDiffLine[];
}

function withSections(markdown: string) {
  let section = '';
  return markdown
    .replace(/\n$/, '')
    .split('\n')
    .map(text => {
      const heading = /^#{1,2} (.*)$/.exec(text);
      if (heading) section = heading[1];
      return { section, text };
    });
}

/**
 * Longest-common-subsequence diff: lines of `a` missing from `b` are removed, lines new in `b`
 * added; removals come before the additions that replace them.
 */
export function diffOperatingModel(
  a: OperatingModelDocument,
  b: OperatingModelDocument,
): OperatingModelDiff {
  const x = withSections(operatingModelMarkdown(a));
  const y = withSections(operatingModelMarkdown(b));
  const n = x.length;
  const m = y.length;
  // lcs[i][j]: common lines of x[i..] and y[j..].
  const lcs = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(0),
  );
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] =
        x[i].text === y[j].text
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: OperatingModelDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i].text === y[j].text) {
      lines.push({ kind: 'unchanged', ...y[j] });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push({ kind: 'removed', ...x[i] });
      i++;
    } else {
      lines.push({ kind: 'added', ...y[j] });
      j++;
    }
  }
  return {
    added: lines.filter(l => l.kind === 'added').length,
    removed: lines.filter(l => l.kind === 'removed').length,
    lines,
  };
}
