import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { step } from './http';
import { brokenWords } from './wholeWords';

const TIMEOUT = 60_000;
const TAB =
  '/catalog/default/component/adt-analytics-feed/healthcare-integration';
/** The requester, the security reviewer, the compliance reviewer. */
const ROLES = ['priya.patel', 'sam.okafor', 'maria.gonzalez'];
const PAGES: Array<{ name: string; path: string; ready: string }> = [
  { name: 'tab', path: TAB, ready: '[data-testid="gate-go-live"]' },
  {
    name: 'inbox',
    path: '/healthcare-integration/inbox',
    ready: '[data-testid="inbox-row"], [data-testid="inbox-empty"], h1',
  },
  {
    name: 'portfolio',
    path: '/healthcare-integration/portfolio',
    ready: 'table tbody tr',
  },
];
const AFTER = resolve(__dirname, '../docs/screenshots/after');
/** The tab's sections other than the gates (which open first), each checked as the requester. */
const TAB_SECTIONS = [
  'evidence',
  'tests',
  'changes',
  'mapping',
  'monitoring',
  'operating-model',
  'audit',
];

/** Serious and critical axe findings inside the plugin's own content (`data-hip-page`). */
async function axeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const roots = document.querySelectorAll('[data-hip-page]');
    if (!roots.length) return ['no [data-hip-page] root on the page'];
    const result = await axe.run(
      { include: Array.from(roots) },
      { resultTypes: ['violations'] },
    );
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: any) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n: any) => n.target.join(' '))
            .join('; ')}`,
      );
  });
}

/**
 * Each main page of the plugin (governance tab, inbox, portfolio) as each role sees it: a
 * screenshot for each, no serious or critical axe finding, no horizontal overflow and no word
 * split across lines in a table at 1440 and 1280 px.
 * The screenshots at 1440 px are also copied to docs/screenshots/after/.
 */
export async function rolePagesFlow(
  newPage: (width?: number) => Promise<Page>,
  artifacts: string,
) {
  mkdirSync(AFTER, { recursive: true });
  const problems: string[] = [];
  const axeReport: string[] = [];
  for (const width of [1440, 1280]) {
    // At 1280 px only the width is measured, as one role (page loads are slow in CI).
    for (const user of width === 1440 ? ROLES : ROLES.slice(0, 1)) {
      for (const main of PAGES) {
        const page = await newPage(width);
        await page.goto(`${main.path}?as=${user}`, {
          waitUntil: 'domcontentloaded',
        });
        await page.locator(main.ready).first().waitFor({ timeout: TIMEOUT });
        await page.waitForTimeout(1000);
        const scrollWidth = await page.evaluate(
          () => document.documentElement.scrollWidth,
        );
        if (scrollWidth > width)
          problems.push(
            `${main.name} as ${user}: ${scrollWidth}px wide at ${width}px`,
          );
        problems.push(
          ...(await brokenWords(page)).map(
            w => `${main.name} as ${user} at ${width}px: ${w}`,
          ),
        );
        if (width === 1440) {
          const findings = await axeFindings(page);
          step(
            `axe ${main.name} as ${user}: ${findings.length} serious${
              findings.length ? `: ${findings.join(' | ')}` : ''
            }`,
          );
          axeReport.push(...findings.map(f => `${main.name} as ${user}: ${f}`));
          // A serious or critical finding fails the test, as page-width overflow does.
          problems.push(
            ...findings.map(f => `${main.name} as ${user}: axe ${f}`),
          );
          const file = join(artifacts, `role-${main.name}-${user}.png`);
          await page.screenshot({ path: file, fullPage: true });
          copyFileSync(file, join(AFTER, `${main.name}-${user}.png`));
        }
        await page.close();
      }
    }
  }
  // The tab shows one section at a time: each of the others gets its own axe run and screenshot
  // (at 1440 px), and its tables keep words whole at 1440 and 1280 px.
  for (const width of [1440, 1280]) {
    for (const section of TAB_SECTIONS) {
      const user = ROLES[0];
      const page = await newPage(width);
      await page.goto(`${TAB}?section=${section}&as=${user}`, {
        waitUntil: 'domcontentloaded',
      });
      await page
        .locator(`section#hip-section-${section}[aria-busy="false"]`)
        .waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(1500);
      const scrollWidth = await page.evaluate(
        () => document.documentElement.scrollWidth,
      );
      if (scrollWidth > width)
        problems.push(`tab ${section}: ${scrollWidth}px wide at ${width}px`);
      problems.push(
        ...(await brokenWords(page)).map(
          w => `tab ${section} at ${width}px: ${w}`,
        ),
      );
      if (width === 1440) {
        const findings = await axeFindings(page);
        step(
          `axe tab section ${section} as ${user}: ${findings.length} serious${
            findings.length ? `: ${findings.join(' | ')}` : ''
          }`,
        );
        axeReport.push(...findings.map(f => `tab ${section}: ${f}`));
        problems.push(...findings.map(f => `tab ${section}: axe ${f}`));
        const file = join(artifacts, `role-tab-${section}-${user}.png`);
        await page.screenshot({ path: file, fullPage: true });
        copyFileSync(file, join(AFTER, `tab-section-${section}.png`));
      }
      await page.close();
    }
  }
  writeFileSync(
    join(artifacts, 'axe-serious-findings.json'),
    `${JSON.stringify(axeReport, null, 2)}\n`,
  );
  step(
    `axe: ${axeReport.length} serious finding(s) in all, listed in axe-serious-findings.json`,
  );
  if (problems.length)
    throw new Error(`the plugin's pages:\n  ${problems.join('\n  ')}`);
}
