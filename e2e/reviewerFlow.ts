import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const INTEGRATION = 'adt-analytics-feed';
const TAB = `/catalog/default/component/${INTEGRATION}/healthcare-integration`;
const TIMEOUT = 60_000;

function step(text: string) {
  console.log(`[e2e] ${text}`);
}

async function openAs(
  newPage: () => Promise<Page>,
  user: string,
  path: string,
) {
  const page = await newPage();
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${path}${sep}as=${user}`);
  return page;
}

/** The newest audit event's sequence number, as the tab's section bar counts it ("Audit 57"). */
async function latestAuditSeq(page: Page) {
  const link = page.getByTestId('section-link-audit');
  await link.filter({ hasText: /Audit \d+/ }).waitFor({ timeout: TIMEOUT });
  return Number(/Audit (\d+)/.exec(await link.innerText())![1]);
}

/**
 * As the requester: go-live is blocked and there is no approve button on my own request.
 * As the security reviewer: approve the security gate from the inbox; the gate turns
 * approved and the audit trail grows. As the requester again: the approval shows, and
 * still no approve button.
 */
export async function reviewerFlow(
  newPage: () => Promise<Page>,
  artifacts: string,
) {
  step(`requester opens ${TAB}`);
  const requester = await openAs(newPage, 'priya.patel', TAB);
  const securityGate = requester.getByTestId('gate-security-review');
  await securityGate.waitFor({ timeout: TIMEOUT });
  const goLive = requester.getByTestId('gate-go-live');
  await goLive.waitFor({ timeout: TIMEOUT });
  assert.match(
    await goLive.innerText(),
    /pending|blocked|waiting/i,
    'go-live should not be open yet',
  );
  assert.match(await securityGate.innerText(), /pending|in review/i);
  assert.equal(
    await requester.getByRole('button', { name: /^approve$/i }).count(),
    0,
    'the requester must see no Approve button on their own request',
  );
  await requester.screenshot({
    path: join(artifacts, '1-requester-go-live-blocked.png'),
    fullPage: true,
  });
  await requester.close();

  step('security reviewer opens the inbox');
  const reviewer = await openAs(
    newPage,
    'sam.okafor',
    '/healthcare-integration/inbox',
  );
  const inboxRow = reviewer
    .getByTestId('inbox-row')
    .filter({ hasText: /security review/i })
    .filter({ has: reviewer.locator(`a[href*="/${INTEGRATION}/"]`) });
  await inboxRow.first().waitFor({ timeout: TIMEOUT });
  await reviewer.screenshot({
    path: join(artifacts, '2-security-reviewer-inbox.png'),
    fullPage: true,
  });
  await inboxRow.first().getByRole('link').first().click();
  await reviewer.waitForURL(
    url => url.pathname.endsWith('/healthcare-integration'),
    { timeout: TIMEOUT },
  );
  const gate = reviewer.getByTestId('gate-security-review');
  await gate.waitFor({ timeout: TIMEOUT });
  const auditBefore = await latestAuditSeq(reviewer);

  step('security reviewer approves the security gate');
  await gate.getByRole('button', { name: /^approve$/i }).click();
  const dialog = reviewer.getByRole('dialog');
  await dialog
    .getByLabel(/comment/i)
    .fill(
      'Reviewed the HIPAA security risk assessment; TLS 1.2+ and least-privilege service account confirmed.',
    );
  await dialog.getByRole('button', { name: /submit decision/i }).click();
  await reviewer
    .getByTestId('gate-security-review')
    .filter({ hasText: /approved/i })
    .waitFor({ timeout: TIMEOUT });
  await reviewer.waitForFunction(
    before =>
      Number(
        /Audit (\d+)/.exec(
          document.querySelector('[data-testid="section-link-audit"]')
            ?.textContent ?? '',
        )?.[1],
      ) > before,
    auditBefore,
    { timeout: TIMEOUT },
  );
  const auditAfter = await latestAuditSeq(reviewer);
  // The trail itself, one click away in the Audit section, starts at that count and holds the decision.
  await reviewer.getByTestId('section-link-audit').getByRole('link').click();
  const newest = reviewer.getByTestId('audit-row').first();
  await newest.waitFor({ timeout: TIMEOUT });
  assert.equal(
    Number((await newest.locator('td').first().innerText()).trim()),
    auditAfter,
    'the newest row of the audit trail should be the count the section bar shows',
  );
  await reviewer
    .getByTestId('audit-row')
    .filter({ hasText: 'security-review' })
    .first()
    .waitFor({ timeout: TIMEOUT });
  assert.ok(
    auditAfter > auditBefore,
    `audit trail should grow (seq ${auditBefore} → ${auditAfter})`,
  );
  await reviewer.screenshot({
    path: join(artifacts, '3-security-gate-approved.png'),
    fullPage: true,
  });
  step(`gate approved; latest audit seq ${auditBefore} → ${auditAfter}`);
  await reviewer.close();

  step('requester sees the approval and still no approve button');
  const again = await openAs(newPage, 'priya.patel', TAB);
  await again
    .getByTestId('gate-security-review')
    .filter({ hasText: /approved/i })
    .waitFor({ timeout: TIMEOUT });
  assert.equal(
    await again.getByRole('button', { name: /^approve$/i }).count(),
    0,
  );
  await again.screenshot({
    path: join(artifacts, '4-requester-sees-approval.png'),
    fullPage: true,
  });
  await again.close();
}
