import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { step } from './http';

const TIMEOUT = 60_000;
const INTEGRATION = 'adt-analytics-feed';

/** What one page measured in the browser window. */
export interface PageWidth {
  name: string;
  viewport: number;
  scrollWidth: number;
  /** Tables, table paging and cards that reach past the window or past a box that clips them. */
  cutOff: string[];
  /** Whether Backstage UI's stylesheet (`@backstage/ui/css/styles.css`) is applied. */
  backstageUiStyles: boolean;
  /** The page's own checks that failed. */
  problems: string[];
}

/** A main page of the portal, and what shows that it has finished loading. */
interface MainPage {
  name: string;
  user: string;
  path: string;
  ready(page: Page): Promise<unknown>;
  /** What else must hold on this page; each string is a problem. */
  check?(page: Page): Promise<string[]>;
}

/**
 * The catalog's About and data-flow graph cards are styled cards (Backstage UI's card: a background
 * and rounded corners; unstyled they are bare text on the page), and the relations graph is
 * drawn right under its card's title, not below a large gap.
 */
async function catalogCardsStyled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const title of ['About', 'Data flow and ownership']) {
      const heading = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
        .filter(h => h.textContent?.trim() === title)
        .pop();
      const card = heading?.closest('article, .MuiCard-root');
      if (!heading || !card) {
        problems.push(`no "${title}" card`);
        continue;
      }
      const style = getComputedStyle(card);
      if (
        style.backgroundColor === 'rgba(0, 0, 0, 0)' ||
        style.borderRadius === '0px'
      ) {
        problems.push(
          `the "${title}" card is unstyled (background ${style.backgroundColor}, radius ${style.borderRadius})`,
        );
      }
      if (title === 'Data flow and ownership') {
        const graph = Array.from(card.querySelectorAll('svg'))
          .map(svg => svg.getBoundingClientRect())
          .sort((a, b) => b.width * b.height - a.width * a.height)[0];
        const gap = graph
          ? Math.round(graph.top - heading.getBoundingClientRect().bottom)
          : undefined;
        if (gap === undefined || gap > 100) {
          problems.push(
            gap === undefined
              ? 'the relations graph is not drawn'
              : `the relations graph starts ${gap}px below its card's title`,
          );
        }
      }
    }
    return problems;
  });
}

const MAIN_PAGES: MainPage[] = [
  {
    name: 'governance-tab',
    user: 'priya.patel',
    path: `/catalog/default/component/${INTEGRATION}/healthcare-integration`,
    ready: async page => {
      await page.getByTestId('gate-go-live').waitFor({ timeout: TIMEOUT });
      await page
        .getByTestId('section-link-audit')
        .filter({ hasText: /Audit \d+/ })
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: 'reviewer-inbox',
    user: 'sam.okafor',
    path: '/healthcare-integration/inbox',
    ready: page =>
      page.getByTestId('inbox-row').first().waitFor({ timeout: TIMEOUT }),
  },
  {
    name: 'portfolio',
    user: 'maria.gonzalez',
    path: '/healthcare-integration/portfolio',
    ready: page =>
      page
        .locator('table tbody tr')
        .filter({ hasText: 'adt-analytics-feed' })
        .first()
        .waitFor({ timeout: TIMEOUT }),
  },
  {
    name: 'entity-overview',
    user: 'priya.patel',
    path: `/catalog/default/component/${INTEGRATION}`,
    ready: async page => {
      await page
        .getByText('About', { exact: true })
        .first()
        .waitFor({ timeout: TIMEOUT });
      await page
        .getByText('Data flow and ownership', { exact: true })
        .first()
        .waitFor({ timeout: TIMEOUT });
      // The relations graph has drawn its nodes.
      await page
        .locator('svg [data-testid="node"], svg g.node, svg text')
        .filter({ hasText: INTEGRATION })
        .first()
        .waitFor({ timeout: TIMEOUT });
    },
    check: catalogCardsStyled,
  },
  {
    name: 'templates',
    user: 'priya.patel',
    path: '/create',
    ready: page =>
      page
        .getByText('New healthcare integration (governed intake)')
        .first()
        .waitFor({ timeout: TIMEOUT }),
  },
  {
    name: 'intake-template',
    user: 'priya.patel',
    path: '/create/templates/default/integration-intake',
    ready: page =>
      page
        .getByRole('button', { name: /^next$/i })
        .first()
        .waitFor({ timeout: TIMEOUT }),
  },
];

/** Measures, in the page, what reaches past the window or is clipped by its container. */
async function measure(page: Page, name: string): Promise<PageWidth> {
  const found = await page.evaluate(() => {
    const viewport = window.innerWidth;
    const cutOff: string[] = [];
    const describe = (el: Element) => {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      return `${el.tagName.toLowerCase()}${
        el.className && typeof el.className === 'string'
          ? `.${el.className.split(' ').filter(Boolean).slice(0, 2).join('.')}`
          : ''
      } "${text.slice(0, 50)}"`;
    };
    const watched = document.querySelectorAll(
      'table, .MuiTablePagination-root, .MuiCard-root, [class*="bui-Card"]',
    );
    for (const el of Array.from(watched)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > viewport + 1) {
        cutOff.push(
          `${describe(el)} ends at ${Math.round(
            box.right,
          )}px, past the ${viewport}px window`,
        );
        continue;
      }
      // A box that clips (overflow other than visible) and is narrower than what it holds.
      for (
        let parent = el.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      ) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible') continue;
        const clip = parent.getBoundingClientRect();
        if (box.right > clip.right + 1 || box.left < clip.left - 1) {
          cutOff.push(
            `${describe(el)} is ${Math.round(
              box.width,
            )}px wide in a ${Math.round(clip.width)}px box that clips it`,
          );
          break;
        }
      }
    }
    // The stylesheet defines its design tokens on :root.
    const backstageUiStyles =
      getComputedStyle(document.documentElement)
        .getPropertyValue('--bui-bg-app')
        .trim() !== '';
    return {
      viewport,
      scrollWidth: document.documentElement.scrollWidth,
      cutOff,
      backstageUiStyles,
    };
  });
  return { name, ...found, problems: [] };
}

/**
 * Every main page fits a 1440 px window: no horizontal scrolling of the document, no table,
 * paging or card cut off, Backstage UI's styles applied. Saves a screenshot of each page and
 * fails naming every page that does not fit.
 */
export async function layoutFlow(
  newPage: () => Promise<Page>,
  artifacts: string,
): Promise<PageWidth[]> {
  const widths: PageWidth[] = [];
  for (const main of MAIN_PAGES) {
    const page = await newPage();
    const sep = main.path.includes('?') ? '&' : '?';
    // The page is ready when its content is, which each page waits for below.
    await page.goto(`${main.path}${sep}as=${main.user}`, {
      waitUntil: 'domcontentloaded',
    });
    await main.ready(page);
    // Late layout (fonts, the graph's zoom-to-fit) settles before measuring.
    await page.waitForTimeout(1000);
    const width = await measure(page, main.name);
    width.problems = (await main.check?.(page)) ?? [];
    widths.push(width);
    step(
      `layout ${main.name}: ${width.scrollWidth}px wide in a ${
        width.viewport
      }px window${width.cutOff.length ? `; cut off: ${width.cutOff[0]}` : ''}`,
    );
    await page.screenshot({
      path: join(artifacts, `layout-${main.name}.png`),
      fullPage: true,
    });
    await page.close();
  }
  const problems = widths.flatMap(w => [
    ...(w.scrollWidth > w.viewport
      ? [`${w.name} is ${w.scrollWidth}px wide in a ${w.viewport}px window`]
      : []),
    ...w.cutOff.map(c => `${w.name}: ${c}`),
    ...(w.backstageUiStyles
      ? []
      : [`${w.name}: @backstage/ui/css/styles.css is not applied`]),
    ...w.problems.map(p => `${w.name}: ${p}`),
  ]);
  if (problems.length) {
    throw new Error(
      `main pages do not fit the window:\n  ${problems.join('\n  ')}`,
    );
  }
  return widths;
}
