import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import { coverageOf } from './binding';
import type { UnsignedEvidencePack } from './evidencePack';
import { replayChain } from './replay';
import { approvalsSection, waiversSection } from './reportApprovals';
import { changesSection } from './reportChanges';
import { evidenceSection, testsSection } from './reportEvidence';
import { exceptionsSection } from './reportExceptions';
import { code, e, short, table, when } from './reportHtml';
import { integrationSection } from './reportIntegration';
import { operatingModelSection } from './reportOperatingModel';
import { STYLE } from './reportStyle';
import { verificationSection } from './reportVerification';

export { escapeHtml } from './reportHtml';

/**
 * The audit report: one self-contained HTML page (no scripts, no external resources, prints
 * cleanly to PDF) generated from an evidence pack, for the HIPAA or Joint Commission reviewer
 * who will not run a verifier. Every stored string is HTML-escaped. Each section is built in
 * the `report*.ts` file of its concern; this file lays out the page.
 */

export interface ReportOptions {
  /** The key that signs the pack the report belongs to. */
  signingKeyId: string;
}

export function renderAuditReport(
  pack: UnsignedEvidencePack,
  options: ReportOptions,
): string {
  const events = pack.audit.events;
  const replay = replayChain(events, coverageOf(pack));
  const evidenceById = new Map(pack.evidence.map(ev => [ev.id, ev]));
  const record = pack.integration;
  const verification = verificationSection(pack, options.signingKeyId);
  const summary = integrationSection(pack);
  const approvals = approvalsSection(pack, replay, evidenceById);
  const tests = testsSection(pack, evidenceById);
  const changes = changesSection(pack);
  const waivers = waiversSection(pack);
  const exceptions = exceptionsSection(pack);
  const evidence = evidenceSection(pack, evidenceById);
  const operatingModel = operatingModelSection(pack);
  const trail = trailTable(events);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit report: ${e(record.title)}</title><style>${STYLE}</style></head>
<body>
<header>
  <h1>Audit report: ${e(record.title)}</h1>
  <p class="meta">${code(record.entityRef)} · generated ${when(
    pack.generatedAt,
  )} by ${e(pack.generatedBy)} · evidence pack ${code(pack.packId)}</p>
</header>
<section id="verification"><h2>Chain and signature status</h2>${verification}</section>
<section id="integration"><h2>The integration</h2>${summary}</section>
<section id="approvals"><h2>Who approved what, and when</h2>${
    approvals || '<p class="empty">No gates</p>'
  }</section>
<section id="tests"><h2>Test matrix</h2>${tests}</section>
<section id="changes"><h2>Change history</h2>${changes}</section>
<section id="waivers"><h2>Waivers</h2>${waivers}</section>
<section id="exceptions"><h2>Open exceptions</h2>${exceptions}</section>
<section id="evidence"><h2>Evidence</h2>${evidence}</section>
<section id="operating-model"><h2>Operating model</h2>${operatingModel}</section>
<section id="trail"><h2>Audit trail</h2>${trail}</section>
<footer>Retention: HIPAA §164.316(b)(2)(i) requires this documentation to be kept for six years from its creation or last effective date.
The portal never deletes audit events or evidence; archive this report with its evidence pack and checkpoints to write-once storage (docs/audit.md).</footer>
</body></html>
`;
}

/** The audit trail itself: every event with its hash. */
function trailTable(events: AuditEvent[]): string {
  return table(
    ['#', 'When', 'Actor', 'Action', 'Subject', 'Hash'],
    events.map(ev => [
      e(ev.seq),
      when(ev.at),
      e(ev.actor),
      e(ev.action),
      e(ev.subject),
      short(ev.hash),
    ]),
    'No audit events',
  );
}
