import type { AuditEvent } from '@internal/plugin-healthcare-integration-common';
import { coverageOf } from './binding';
import type { UnsignedEvidencePack } from './evidencePack';
import { replayChain, type ReplayedDecision } from './replay';

/**
 * The audit report: one self-contained HTML page (no scripts, no external resources, prints
 * cleanly to PDF) generated from an evidence pack, for the HIPAA or Joint Commission reviewer
 * who will not run a verifier. Every stored string is HTML-escaped.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
}
const e = escapeHtml;

/** An ISO instant as "2026-12-01 16:59:03 UTC" (not escaped). */
const utc = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC')
    .replace(/Z$/, ' UTC');
const when = (iso?: string) => (iso ? e(utc(iso)) : '—');
const short = (hash?: string) =>
  hash ? `<code title="${e(hash)}">${e(hash.slice(0, 16))}…</code>` : '—';
const code = (value: unknown) => `<code>${e(value)}</code>`;
const yesNo = (ok: boolean, yes: string, no: string) =>
  ok
    ? `<span class="ok">✔ ${e(yes)}</span>`
    : `<span class="bad">✘ ${e(no)}</span>`;

function table(headers: string[], rows: string[][], empty: string) {
  if (!rows.length) return `<p class="empty">${e(empty)}</p>`;
  return `<table><thead><tr>${headers
    .map(h => `<th>${e(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
  h1 { font-size: 20pt; margin: 0 0 4px; }
  h2 { font-size: 14pt; border-bottom: 2px solid #333; padding-bottom: 2px; margin-top: 28px; page-break-after: avoid; break-after: avoid; }
  h3 { font-size: 12pt; margin: 18px 0 6px; page-break-after: avoid; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 9.5pt; }
  th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #eee; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  code { font: 9pt ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
  .meta { color: #444; }
  .ok { color: #0a6b2d; font-weight: 600; }
  .bad { color: #b00020; font-weight: 600; }
  .empty { color: #666; font-style: italic; }
  .box { border: 1px solid #999; padding: 8px 12px; margin: 8px 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
  dt { font-weight: 600; } dd { margin: 0; }
  footer { margin-top: 32px; font-size: 9pt; color: #444; border-top: 1px solid #999; padding-top: 6px; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
`;

const WAIVER_EVENTS: Record<string, string> = {
  'gate.waiver-requested': 'waiver requested (awaits a co-approver)',
  'gate.waiver-confirmed': 'waiver confirmed by the co-approver',
  'gate.waived': 'waiver in force',
  'gate.waiver-expired': 'waiver expired; gate reopened',
};

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
  const filed = new Set(pack.files.map(f => f.evidenceId));
  const record = pack.integration;
  const profile = (record.profile ?? {}) as unknown as Record<string, unknown>;
  const v = pack.verification;
  const cp = pack.checkpoint;

  const verification = `
    <div class="box">
      <dl>
        <dt>Audit chain</dt><dd>${yesNo(
          v.chain.ok,
          `intact: ${v.chain.events} events, head event ${pack.audit.head.seq}`,
          `broken at event ${v.chain.firstBrokenSeq ?? '?'}: ${
            v.chain.reason ?? ''
          }`,
        )} — head ${short(pack.audit.head.hash)}</dd>
        <dt>Signed checkpoint</dt><dd>${
          cp
            ? `${yesNo(
                v.checkpoint.ok,
                `checkpoint #${cp.body.seq} of ${utc(cp.body.at)}`,
                v.checkpoint.message,
              )} — signed by key ${code(cp.signature.keyId)} (${e(
                cp.signature.algorithm,
              )}), Merkle root ${short(cp.body.merkleRoot)} over ${e(
                cp.body.treeSize,
              )} chains; this chain is leaf ${e(cp.leafIndex)}, head event ${e(
                cp.leaf.seq,
              )}`
            : `<span class="bad">✘ ${e(v.checkpoint.message)}</span>`
        }</dd>
        <dt>Records bound to the chain</dt><dd>${
          v.binding.ok
            ? '<span class="ok">✔ every gate, decision, waiver, evidence item, test, change and exception below is what the chain records</span>'
            : `<span class="bad">✘ ${e(
                v.binding.differences.length,
              )} difference(s) between the records and the chain:</span><ul>${v.binding.differences
                .slice(0, 200)
                .map(d => `<li>${e(d)}</li>`)
                .join('')}</ul>`
        }</dd>
        <dt>Evidence pack</dt><dd>${code(
          pack.packId,
        )}, signed as a whole with key ${code(
    options.signingKeyId,
  )}; this report is part of it.</dd>
      </dl>
      <p class="meta">These results are what the portal found when it produced the pack. To check them independently, without the portal,
      run <code>npx hip-verify-evidence-pack &lt;pack file&gt; --keys &lt;pinned keys file&gt;</code> on the pack this report came with (docs/audit.md).</p>
    </div>`;

  const roles = Object.entries((record.roles ?? {}) as Record<string, string>);
  const summary = `
    <dl>
      <dt>Integration</dt><dd>${e(record.title)} (${code(
    record.entityRef,
  )})</dd>
      <dt>Stage</dt><dd>${e(record.stage)}</dd>
      <dt>Requested by</dt><dd>${e(record.requestedBy)} on ${when(
    record.createdAt,
  )}</dd>
      <dt>Carries PHI</dt><dd>${profile.phi ? 'yes' : 'no'}${
    profile.externalVendor ? `; external vendor ${e(profile.vendorName)}` : ''
  }${profile.patientFacing ? '; patient-facing' : ''}</dd>
      <dt>Data classes</dt><dd>${e(
        ((profile.dataClasses as string[]) ?? []).join(', '),
      )}</dd>
      <dt>Messages</dt><dd>${e(
        ((profile.messageTypes as string[]) ?? []).join(', '),
      )}: ${e(profile.sourceSystem)} → ${e(profile.destinationSystem)}</dd>
      <dt>Population</dt><dd>${e(profile.patientPopulation)}</dd>
      <dt>Business reason</dt><dd>${e(profile.businessReason)}</dd>
      <dt>Profile revision</dt><dd>${e(record.profileRevision)}; policy ${short(
    record.policyHash,
  )}</dd>
    </dl>
    ${table(
      ['Role', 'Holder'],
      roles.map(([r, h]) => [e(r), e(h)]),
      'No role holders',
    )}`;

  const seenCell = (d: ReplayedDecision) => {
    if (!d.evidenceSeen) return '—';
    const items = d.evidenceSeen.map(id => {
      const ev = evidenceById.get(id);
      return `${e(ev?.title ?? id)} (${e(ev?.kind ?? '')}) ${short(
        ev?.sha256,
      )}`;
    });
    const list = items.length
      ? items.join('<br>')
      : '<span class="empty">no evidence of the gate’s kinds</span>';
    if (d.digestMatches === undefined) return list;
    return d.digestMatches
      ? `${list}<br><span class="ok">✔ matches the digest recorded with the decision</span>`
      : `${list}<br><span class="bad">✘ does not reproduce the digest recorded with the decision</span>`;
  };
  const staleOf = (d: ReplayedDecision) =>
    replay.state.gates.get(d.gateId)?.decisions.get(d.key)?.stale
      ? 'superseded (gate reopened)'
      : 'current';
  const approvals = pack.gates
    .map(gate => {
      const ds = replay.decisions.filter(d => d.gateId === gate.id);
      return `<h3>${e(gate.title)} <span class="meta">(${code(
        gate.id,
      )}, stage ${e(gate.stage)})</span></h3>
        <p>Status <strong>${e(gate.status)}</strong>; approvers: ${e(
        gate.approverRoles.join(', '),
      )}${gate.reopenReason ? `; last reopened: ${e(gate.reopenReason)}` : ''}${
        gate.waiver
          ? `; waived by ${e(gate.waiver.by)} until ${when(
              gate.waiver.expiresAt,
            )}`
          : ''
      }</p>
        ${table(
          [
            'Event',
            'When',
            'Role',
            'Decision',
            'By',
            'Comment',
            'Evidence they saw',
            'Standing',
          ],
          ds.map(d => [
            e(d.seq),
            when(d.decidedAt),
            e(d.role),
            `<strong>${e(d.decision)}</strong>`,
            e(d.decidedBy),
            e(d.comment),
            seenCell(d),
            e(staleOf(d)),
          ]),
          'No decisions yet',
        )}`;
    })
    .join('');

  const tests = table(
    ['Scenario', 'Result', 'Evidence', 'Recorded by', 'When', 'Notes', 'Owner'],
    pack.tests.map(t => [
      e(t.scenario),
      `<strong>${e(t.result)}</strong>`,
      t.evidenceId
        ? `${e(evidenceById.get(t.evidenceId)?.title ?? t.evidenceId)} ${short(
            evidenceById.get(t.evidenceId)?.sha256,
          )}`
        : '—',
      e(t.recordedBy ?? '—'),
      when(t.recordedAt),
      e(t.notes ?? ''),
      e(t.owner),
    ]),
    'No test scenarios',
  );

  const changeRequests = table(
    [
      'Requested',
      'By',
      'Type / class',
      'Summary',
      'Impact',
      'Status',
      'Authorised',
      'Closed',
    ],
    pack.changeRequests.map(c => [
      when(c.requestedAt),
      e(c.requestedBy),
      `${e(c.type)} / ${e(c.changeClass)}`,
      e(c.summary),
      e(c.impactAssessment),
      e(c.status),
      c.authorisedBy ? `${e(c.authorisedBy)} ${when(c.authorisedAt)}` : '—',
      when(c.closedAt),
    ]),
    'No change requests',
  );
  const recordChanges = table(
    ['Proposed', 'By', 'Before', 'After', 'Decisions', 'Status'],
    pack.recordChanges.map(r => [
      when(r.proposedAt),
      e(r.proposedBy),
      code(JSON.stringify(r.before)),
      code(JSON.stringify(r.after)),
      r.decisions
        .map(
          d =>
            `${e(d.decision)} by ${e(d.decidedBy)} (${e(d.role)}) ${when(
              d.decidedAt,
            )}: ${e(d.comment)}`,
        )
        .join('<br>') || '—',
      `${e(r.status)}${r.closedAt ? ` ${when(r.closedAt)}` : ''}`,
    ]),
    'No record changes',
  );
  const history = table(
    ['Event', 'When', 'By', 'What'],
    events
      .filter(ev =>
        ['integration.created', 'integration.updated', 'stage.moved'].includes(
          ev.action,
        ),
      )
      .map(ev => [e(ev.seq), when(ev.at), e(ev.actor), describeChange(ev)]),
    'No changes',
  );

  const waivers = table(
    ['Event', 'When', 'Gate', 'What', 'By', 'Justification', 'Expires'],
    events
      .filter(ev => ev.action.startsWith('gate.waive'))
      .map(ev => [
        e(ev.seq),
        when(ev.at),
        e(ev.subject),
        e(WAIVER_EVENTS[ev.action] ?? ev.action),
        e(ev.actor),
        e(ev.payload.justification ?? ev.payload.comment ?? ''),
        when(ev.payload.expiresAt as string | undefined),
      ]),
    'No waivers',
  );

  const open = pack.exceptions.filter(x => x.status !== 'resolved');
  const exceptions = table(
    [
      'Category / kind',
      'Severity',
      'Count',
      'Status',
      'Routed to',
      'First seen',
      'Last seen',
      'Acknowledged',
    ],
    open.map(x => [
      `${e(x.category)} / ${e(x.kind)}`,
      e(x.severity),
      e(x.count),
      e(x.status),
      `${e(x.routedTo)} (${e(x.routedRole)})`,
      when(x.firstSeenAt),
      when(x.lastSeenAt),
      x.acknowledgedBy
        ? `${e(x.acknowledgedBy)} ${when(x.acknowledgedAt)}`
        : '—',
    ]),
    'No open exceptions',
  );

  const inPack = (id: string, url?: string) => {
    if (filed.has(id)) return 'file';
    if (url) return 'link (hash of the URL)';
    return e(pack.filesOmitted.find(o => o.evidenceId === id)?.reason ?? 'no');
  };
  const evidence = table(
    [
      'Title',
      'Kind',
      'SHA-256',
      'Size',
      'Uploaded',
      'Expires',
      'Superseded by',
      'In the pack',
    ],
    pack.evidence.map(ev => [
      e(ev.title),
      e(ev.kind),
      short(ev.sha256),
      ev.url
        ? `link ${code(ev.url)}`
        : `${e(ev.sizeBytes)} bytes, ${e(ev.mediaType)}`,
      `${e(ev.uploadedBy)} ${when(ev.uploadedAt)}`,
      when(ev.expiresAt),
      ev.supersededBy
        ? e(evidenceById.get(ev.supersededBy)?.title ?? ev.supersededBy)
        : '—',
      inPack(ev.id, ev.url),
    ]),
    'No evidence',
  );

  const trail = table(
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
<section id="changes"><h2>Change history</h2><h3>Change requests</h3>${changeRequests}<h3>Changes to roles and risk profile</h3>${recordChanges}<h3>Record and stage changes</h3>${history}</section>
<section id="waivers"><h2>Waivers</h2>${waivers}</section>
<section id="exceptions"><h2>Open exceptions</h2>${exceptions}</section>
<section id="evidence"><h2>Evidence</h2>${evidence}</section>
<section id="trail"><h2>Audit trail</h2>${trail}</section>
<footer>Retention: HIPAA §164.316(b)(2)(i) requires this documentation to be kept for six years from its creation or last effective date.
The portal never deletes audit events or evidence; archive this report with its evidence pack and checkpoints to write-once storage (docs/audit.md).</footer>
</body></html>
`;
}

function describeChange(ev: AuditEvent): string {
  const p = ev.payload as Record<string, any>;
  if (ev.action === 'stage.moved')
    return `stage ${e(p.from)} → <strong>${e(p.to)}</strong>`;
  if (ev.action === 'integration.created')
    return `record created with gates ${e((p.gates ?? []).join(', '))}`;
  if (p.recordChange) {
    return `approved record change ${code(
      p.recordChange,
    )} applied (revision ${e(p.profileRevision)}): ${code(
      JSON.stringify(p.before),
    )} → ${code(JSON.stringify(p.after))}`;
  }
  const parts: string[] = [];
  if (p.title) parts.push(`title ${e(p.title.before)} → ${e(p.title.after)}`);
  if (p.profile)
    parts.push(
      `profile ${code(JSON.stringify(p.profile.before))} → ${code(
        JSON.stringify(p.profile.after),
      )}`,
    );
  return `${parts.join('; ') || 'record updated'} (revision ${e(
    p.profileRevision,
  )})`;
}
