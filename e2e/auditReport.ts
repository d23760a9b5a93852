import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BACKEND_URL, signInAs } from './portal';

/*
 * The HTML audit report an auditor reads, downloaded as the security reviewer for the record the
 * reviewer flow just approved, saved next to the screenshots and rendered in the browser.
 */
export async function auditReportFlow(
  newPage: () => Promise<Page>,
  artifacts: string,
) {
  console.log('[e2e] the auditor’s report of adt-analytics-feed');
  const token = await signInAs('sam.okafor');
  const res = await fetch(
    `${BACKEND_URL}/api/healthcare-integration/integrations/default/adt-analytics-feed/audit/report`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status, 200, `report: ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  const html = await res.text();
  writeFileSync(`${artifacts}/5-audit-report.html`, html);
  const page = await newPage();
  await page.setContent(html, { waitUntil: 'load' });
  // The approval the reviewer flow made is in the report, with who made it.
  assert.ok(
    (await page.textContent('body'))?.includes('sam.okafor'),
    'the report names the approver',
  );
  await page.screenshot({
    path: `${artifacts}/5-audit-report.png`,
    fullPage: true,
  });
}
