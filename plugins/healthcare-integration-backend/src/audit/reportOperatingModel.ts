import type { UnsignedEvidencePack } from './evidencePack';
import { e, short, table, when } from './reportHtml';

const reasonText = (reason: string) => {
  if (reason === 'intake') return 'intake';
  if (reason === 'backfill')
    return 'first recorded (record predates versioning)';
  const change = /^change:(.+)$/.exec(reason);
  return change ? `change request ${change[1]} implemented` : reason;
};

/**
 * The operating model: every version with its hash (the one the chain records), and the
 * latest document as a reviewer reads it. The verifier checks each document against its hash.
 */
export function operatingModelSection(pack: UnsignedEvidencePack): string {
  const versions = pack.operatingModel?.versions ?? [];
  const list = table(
    ['Version', 'Recorded', 'Made by', 'SHA-256'],
    versions.map(v => [
      e(v.version),
      when(v.createdAt),
      e(reasonText(v.reason)),
      short(v.contentHash),
    ]),
    'No operating-model version in this pack',
  );
  const latest = versions[versions.length - 1];
  if (!latest?.document) return list;
  const body = latest.document.sections
    .map(
      s =>
        `<h3>${e(s.heading)}</h3>${s.paragraphs
          .map(p => `<p>${e(p)}</p>`)
          .join('')}${
          s.table
            ? table(
                s.table.columns,
                s.table.rows.map(r => r.map(c => e(c))),
                'Nothing listed',
              )
            : ''
        }`,
    )
    .join('');
  return `${list}<h3>Version ${e(latest.version)}: ${e(
    latest.document.title,
  )}</h3>${body}`;
}
