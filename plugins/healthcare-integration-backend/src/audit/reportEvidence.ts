import type { Evidence } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { UnsignedEvidencePack } from './evidencePack';
import { code, e, short, table, when } from './reportHtml';

/** The test matrix: each scenario's result with the evidence that proves it. */
export function testsSection(
  pack: UnsignedEvidencePack,
  evidenceById: Map<string, Evidence>,
): string {
  return table(
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
}

/** Every evidence item with its hash, and whether its file is in the pack (or why not). */
export function evidenceSection(
  pack: UnsignedEvidencePack,
  evidenceById: Map<string, Evidence>,
): string {
  const filed = new Set(pack.files.map(f => f.evidenceId));
  const inPack = (id: string, url?: string) => {
    if (filed.has(id)) return 'file';
    if (url) return 'link (hash of the URL)';
    return e(pack.filesOmitted.find(o => o.evidenceId === id)?.reason ?? 'no');
  };
  return table(
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
}
