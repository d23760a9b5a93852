// The install check's browser part: the created app, in Debian's Chromium (no downloaded
// browser), shows the example integration's governance tab, the reviewer inbox and the
// portfolio with data, found by the plugin's own components (entity-content, pages) that the
// new frontend system discovered from the app's dependencies.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const TIMEOUT = 120_000;

export async function browserCheck({ appUrl, artifacts, integration }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const shots = [];
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  // The stock sign-in page (guest, the one provider a new app configures) may come before any
  // page: enter whenever it is offered, until what the page should show is there.
  const open = async (path, ready) => {
    await page.goto(`${appUrl}${path}`, { timeout: TIMEOUT });
    const enter = page.getByRole('button', { name: /^enter$/i });
    const deadline = Date.now() + TIMEOUT;
    while (Date.now() < deadline) {
      if (await ready.first().isVisible()) return;
      if (await enter.isVisible()) await enter.click().catch(() => {});
      await page.waitForTimeout(500);
    }
    await ready.first().waitFor({ timeout: 1000 });
  };
  const shot = async name => {
    await page.screenshot({ path: join(artifacts, name), fullPage: true });
    shots.push(name);
  };
  try {
    console.log('[install-check] governance tab');
    await open(
      `/catalog/default/component/${integration}/healthcare-integration`,
      page.getByTestId('gate-security-review'),
    );
    await page.getByTestId('gate-status').first().waitFor({ timeout: TIMEOUT });
    await page.getByTestId('gate-go-live').waitFor({ timeout: TIMEOUT });
    await shot('1-governance-tab.png');

    console.log('[install-check] entity overview with the status card');
    await open(
      `/catalog/default/component/${integration}`,
      page.getByText(/open gates|next action/i),
    );
    await shot('2-overview-status-card.png');

    console.log('[install-check] reviewer inbox');
    await open(
      '/healthcare-integration/inbox',
      page
        .getByTestId('inbox-row')
        .filter({ hasText: /security review/i })
        .filter({ has: page.locator(`a[href*="/${integration}"]`) }),
    );
    await shot('3-reviewer-inbox.png');

    console.log('[install-check] portfolio');
    await open(
      '/healthcare-integration/portfolio',
      page
        .getByTestId('portfolio-row')
        .filter({ has: page.locator(`a[href*="/${integration}"]`) }),
    );
    await shot('4-portfolio.png');
  } catch (e) {
    await page
      .screenshot({ path: join(artifacts, 'failure.png'), fullPage: true })
      .catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
  return shots;
}
