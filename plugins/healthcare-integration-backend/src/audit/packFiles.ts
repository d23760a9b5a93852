import type { Knex } from 'knex';
import type { EvidenceRow } from '../database/rows';
import type { RecordSections } from './recordSections';

/**
 * The evidence files an export carries: stored files when the exporter may read evidence, and
 * for every item left out the reason (a link's hash covers its URL; no file stored; not allowed).
 */
export async function packFiles(
  db: Knex,
  entityRef: string,
  sections: RecordSections,
  includeFiles: boolean,
) {
  const withContent = sections.evidence.filter(ev => !ev.url);
  if (!includeFiles) {
    return {
      files: [],
      filesOmitted: [
        ...withContent.map(ev => ({
          evidenceId: ev.id,
          reason: 'the exporter may not read evidence files',
        })),
        ...sections.evidence
          .filter(ev => ev.url)
          .map(ev => ({
            evidenceId: ev.id,
            reason: 'a link: its hash covers the URL',
          })),
      ],
    };
  }
  const rows: Array<
    Pick<EvidenceRow, 'id' | 'sha256' | 'size_bytes' | 'media_type' | 'content'>
  > = await db<EvidenceRow>('hip_evidence')
    .where({ entity_ref: entityRef })
    .whereIn(
      'id',
      withContent.map(ev => ev.id),
    )
    .select('id', 'sha256', 'size_bytes', 'media_type', 'content');
  const byId = new Map(rows.map(r => [r.id, r]));
  const files = [];
  const filesOmitted = sections.evidence
    .filter(ev => ev.url)
    .map(ev => ({
      evidenceId: ev.id,
      reason: 'a link: its hash covers the URL',
    }));
  for (const ev of withContent) {
    const row = byId.get(ev.id);
    if (!row?.content) {
      filesOmitted.push({
        evidenceId: ev.id,
        reason: 'no file is stored for it',
      });
      continue;
    }
    const content = Buffer.isBuffer(row.content)
      ? row.content
      : Buffer.from(row.content as any);
    files.push({
      evidenceId: ev.id,
      sha256: row.sha256,
      sizeBytes: Number(row.size_bytes),
      mediaType: row.media_type,
      contentBase64: content.toString('base64'),
    });
  }
  return { files, filesOmitted };
}
