/*
 * End-to-end: the reviewer flow in the running example portal, in headless Debian Chromium
 * driven by playwright-core (no browser download). Screenshots go to test-artifacts/e2e/.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs e2e/run.ts
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium. E2E_PORTAL_RUNNING=1 uses a portal already
 * started with `npm run start` instead of starting one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  APP_URL,
  checkPersistentDefault,
  startPortal,
  type RunningPortal,
} from './portal';
import { reviewerFlow } from './reviewerFlow';
import { templateFlow } from './templateFlow';
import { trustFlow } from './trustFlow';
import { auditReportFlow } from './auditReport';
import { layoutFlow } from './layout';
import { rolePagesFlow } from './rolePages';
import { handoffFlow } from './handoffFlow';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '../test-artifacts/e2e');

async function main() {
  if (!existsSync(CHROMIUM)) {
    // Without a browser the browser test has not run: that is a failure, not a pass. Skipping
    // is a deliberate choice (E2E_SKIP_BROWSER=1), never in CI.
    const how = `apt-get install chromium, or set CHROMIUM_PATH; E2E_SKIP_BROWSER=1 skips it on purpose`;
    if (process.env.E2E_SKIP_BROWSER && !process.env.CI) {
      console.log(
        `[e2e] SKIPPED on request (E2E_SKIP_BROWSER): no Chromium at ${CHROMIUM}`,
      );
      return;
    }
    console.error(`[e2e] FAILED: no Chromium at ${CHROMIUM} (${how})`);
    process.exit(1);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  let portal: RunningPortal | undefined;
  let browser: Browser | undefined;
  const started = Date.now();
  try {
    console.log(
      `[e2e] the portal's own data is kept in ${checkPersistentDefault()}/ (git-ignored)`,
    );
    if (!process.env.E2E_PORTAL_RUNNING) {
      console.log('[e2e] starting the example portal (yarn dev)…');
      portal = await startPortal();
      console.log(
        `[e2e] portal ready in ${Math.round((Date.now() - started) / 1000)}s`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const newPage = async (width = 1440): Promise<Page> => {
      const context = await browser!.newContext({
        viewport: { width, height: 1000 },
        baseURL: APP_URL,
      });
      // Each new page loads the whole development bundle; on a busy machine that can take
      // well over Playwright's 30 s default.
      context.setDefaultNavigationTimeout(120_000);
      const page = await context.newPage();
      pages.push(page);
      page.on('pageerror', e => pageErrors.push(String(e)));
      return page;
    };
    const pageErrors: string[] = [];
    const pages: Page[] = [];
    try {
      await reviewerFlow(newPage, ARTIFACTS);
      await layoutFlow(newPage, ARTIFACTS);
      await rolePagesFlow(newPage, ARTIFACTS);
      const created = await templateFlow();
      await handoffFlow(newPage, ARTIFACTS, created);
    } catch (e) {
      // The page as it was when the flow failed, for the CI artefacts.
      const open = pages.filter(p => !p.isClosed());
      for (const [i, p] of open.entries()) {
        await p
          .screenshot({ path: `${ARTIFACTS}/failure-${i}.png`, fullPage: true })
          .catch(() => {});
      }
      throw e;
    }
    await trustFlow();
    await auditReportFlow(newPage, ARTIFACTS);
    if (pageErrors.length)
      throw new Error(`Uncaught errors in the page:\n${pageErrors.join('\n')}`);
    console.log(
      `[e2e] PASSED in ${Math.round(
        (Date.now() - started) / 1000,
      )}s; screenshots in ${ARTIFACTS}`,
    );
  } finally {
    await browser?.close();
    await portal?.stop();
  }
}

main().catch(e => {
  console.error(`[e2e] FAILED: ${e?.stack ?? e}`);
  process.exit(1);
});
