import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { step } from './http';

const TIMEOUT = 60_000;
const AFTER = resolve(__dirname, '../docs/screenshots/after');

async function shot(page: Page, artifacts: string, name: string) {
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  copyFileSync(file, join(AFTER, `${name}.png`));
}

/**
 * Handoffs that move by themselves: the business owner of the integration the template flow just
 * created finds "waiting for your review" among their notifications and opens the gate from it;
 * the operating model of a live integration shows two versions and their diff; the catalog
 * graph draws the data's direction.
 */
export async function handoffFlow(
  newPage: () => Promise<Page>,
  artifacts: string,
  created: string,
) {
  mkdirSync(AFTER, { recursive: true });
  const tab = `/catalog/default/component/${created}/healthcare-integration`;

  step(
    `the business owner's notifications list the intake review of ${created}`,
  );
  const owner = await newPage();
  const link = owner.locator(`a[href*="${tab}?gate=intake"]`).first();
  // The notice is sent after the intake committed; the page is reloaded until it is listed.
  const deadline = Date.now() + 90_000;
  for (;;) {
    await owner.goto('/notifications?as=chris.nguyen');
    // Newer notices (the change requests of the template flow) may push it off the first page.
    await owner.getByPlaceholder('Filter').fill('PACS imaging orders');
    try {
      await link.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
  assert.match(
    await link.innerText(),
    /Intake review is waiting for your review/,
  );
  await shot(owner, artifacts, 'notification-waiting-for-you');

  step('…and the notice opens the gate on the governance tab');
  await link.click();
  await owner.waitForURL(/healthcare-integration\?gate=intake/, {
    timeout: TIMEOUT,
  });
  const gate = owner.getByTestId('gate-intake');
  await gate.waitFor({ timeout: TIMEOUT });
  await owner.waitForTimeout(1000);
  const box = await gate.boundingBox();
  const viewport = owner.viewportSize()!;
  assert.ok(
    box && box.y > -2 && box.y < viewport.height,
    `the linked gate should be scrolled into view (top at ${box?.y}px)`,
  );
  assert.ok(
    (await gate.getByRole('button', { name: /^approve$/i }).count()) > 0,
    'the business owner can decide the intake review from where the notice opened',
  );
  await owner.screenshot({
    path: join(artifacts, 'notification-opens-gate.png'),
  });
  copyFileSync(
    join(artifacts, 'notification-opens-gate.png'),
    join(AFTER, 'notification-opens-gate.png'),
  );
  await owner.close();

  step('…and approves it inline from the inbox instead');
  const inbox = await newPage();
  await inbox.goto('/healthcare-integration/inbox?as=chris.nguyen');
  const approve = inbox.getByRole('button', {
    name: /^Approve Intake review for .*PACS imaging orders/,
  });
  await approve.first().waitFor({ timeout: TIMEOUT });
  await approve.first().click();
  const dialog = inbox.getByRole('dialog');
  await dialog
    .getByLabel(/comment/i)
    .fill(
      'Business case and patient population confirmed with radiology leadership.',
    );
  await shot(inbox, artifacts, 'inbox-inline-decide');
  await dialog.getByRole('button', { name: /submit decision/i }).click();
  // Decided: the item leaves the business owner's inbox…
  await approve.first().waitFor({ state: 'detached', timeout: TIMEOUT });
  await inbox.close();
  // …and the tab shows the approval under the owner's catalog display name.
  const after = await newPage();
  await after.goto(`${tab}?gate=intake&as=chris.nguyen`);
  await after
    .getByTestId('gate-intake')
    .filter({ hasText: /Business owner Chris Nguyen approved/ })
    .waitFor({ timeout: TIMEOUT });
  await after.close();

  step('the operating model of ehr-lab-orders has two versions and a diff');
  const reader = await newPage();
  await reader.goto(
    '/catalog/default/component/ehr-lab-orders/healthcare-integration?section=operating-model&as=priya.patel',
  );
  const diff = reader.getByTestId('hip-operating-model-diff');
  await diff.waitFor({ timeout: TIMEOUT });
  const versions = await reader
    .getByTestId('section-link-operating-model')
    .innerText();
  assert.match(versions, /Operating model\s*([2-9]|\d\d)/);
  assert.match(await diff.innerText(), /Added|Removed/);
  const section = reader.getByTestId('hip-operating-model');
  await section.scrollIntoViewIfNeeded();
  const file = join(artifacts, 'operating-model-two-versions.png');
  await section.screenshot({ path: file });
  copyFileSync(file, join(AFTER, 'operating-model-two-versions.png'));

  step('the catalog graph shows source → integration → destination');
  await reader.goto('/catalog/default/component/ehr-lab-orders?as=priya.patel');
  const edge = reader
    .locator('g[data-testid=label] text', { hasText: 'sendsDataTo' })
    .first();
  await edge.waitFor({ timeout: TIMEOUT });
  const card = reader
    .locator('article, .MuiCard-root', { hasText: 'Data flow and ownership' })
    .last();
  const graph = join(artifacts, 'catalog-graph-direction.png');
  await card.screenshot({ path: graph });
  copyFileSync(graph, join(AFTER, 'catalog-graph-direction.png'));
  await reader.close();
}
