import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import { sha256Hex } from '../database/auditChain';
import type { EvidencePack } from './evidencePack';
import { h12, type Finding } from './packFindings';

/**
 * What the pack carries besides the chain: every file and link against its hash, every evidence
 * item accounted for (its file, or a reason it was left out), every operating-model version
 * against its hash, and the report against its hash.
 */
export function checkPackContents(pack: EvidencePack, findings: Finding[]) {
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const evidenceById = new Map((pack.evidence ?? []).map(ev => [ev.id, ev]));
  const filed = new Set<string>();
  for (const f of pack.files ?? []) {
    const ev = evidenceById.get(f.evidenceId);
    filed.add(f.evidenceId);
    const actual = sha256Hex(
      Buffer.from(String(f.contentBase64 ?? ''), 'base64'),
    );
    if (!ev)
      integrity(
        `file for evidence ${f.evidenceId} belongs to no evidence item in the pack`,
      );
    if (actual !== f.sha256 || (ev && actual !== ev.sha256)) {
      integrity(
        `file of evidence ${f.evidenceId}${
          ev ? ` (${ev.title})` : ''
        } hashes to ${h12(actual)}, not the recorded ${h12(
          ev?.sha256 ?? f.sha256,
        )}`,
      );
    }
  }
  const omitted = new Set((pack.filesOmitted ?? []).map(o => o.evidenceId));
  for (const ev of pack.evidence ?? []) {
    if (ev.url) {
      const actual = sha256Hex(Buffer.from(ev.url, 'utf8'));
      if (actual !== ev.sha256)
        integrity(
          `link evidence ${ev.id} (${ev.title}): its URL hashes to ${h12(
            actual,
          )}, not the recorded ${h12(ev.sha256)}`,
        );
    } else if (!filed.has(ev.id) && !omitted.has(ev.id)) {
      integrity(
        `evidence ${ev.id} (${ev.title}) has neither its file in the pack nor a reason it was left out`,
      );
    }
  }

  // Each operating-model version against the hash the chain recorded for it (binding
  // compares those hashes with the chain's events).
  for (const v of pack.operatingModel?.versions ?? []) {
    const actual = sha256Hex(canonicalJson(v.document ?? null));
    if (actual !== v.contentHash)
      integrity(
        `operating model version ${v.version} hashes to ${h12(
          actual,
        )}, not the recorded ${h12(v.contentHash)}: its document was changed`,
      );
  }

  // 7. The report.
  if (!pack.report?.html) integrity('the pack carries no audit report');
  else if (sha256Hex(pack.report.html) !== pack.report.sha256)
    integrity(
      'the HTML audit report does not match its recorded hash: it was changed',
    );
}
