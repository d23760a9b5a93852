import type { UnsignedEvidencePack } from './evidencePack';
import { e, table, when } from './reportHtml';

/** Open monitoring exceptions: what the reviewer should know is not settled. */
export function exceptionsSection(pack: UnsignedEvidencePack): string {
  const open = pack.exceptions.filter(x => x.status !== 'resolved');
  return table(
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
}
