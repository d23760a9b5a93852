import type { Page } from 'playwright-core';

/**
 * Words in the plugin's table cells that the browser broke across lines ("Securit y review er"):
 * the theme's `word-break: break-word` lets a squeezed column split words letter by letter.
 * Each word (split at spaces, hyphens and slashes, where a line may break) must sit on one
 * line. Tokens of over 30 characters (hashes, URLs, refs) may wrap; they fit nowhere whole.
 */
export async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const cells = document.querySelectorAll(
      '[data-hip-page] td, [data-hip-page] th',
    );
    for (const cell of Array.from(cells)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s\-‐–—/]+/g)) {
          const word = m[0];
          if (word.length < 2 || word.length > 30) continue;
          const range = document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + word.length);
          const lines = new Set(
            Array.from(range.getClientRects())
              .filter(r => r.width > 0)
              .map(r => Math.round(r.top / 4)),
          );
          if (lines.size > 1) {
            const header = (
              cell.closest('table')?.querySelector('th')?.textContent ?? ''
            ).trim();
            found.push(
              `"${word}" split over ${lines.size} lines (table starting "${header}")`,
            );
          }
        }
      }
    }
    return [...new Set(found)].slice(0, 10);
  });
}
