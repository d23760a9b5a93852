import type { EvidencePack } from './evidencePack';
import type { Finding } from './packFindings';

const SKEW_MS = 5 * 60_000;

/**
 * When the pack was made: not before the checkpoint signed for it or its last event (a changed
 * date), not in the future (beyond clock skew), and, when asked, not older than `maxAgeDays`.
 */
export function checkGeneratedAt(
  pack: EvidencePack,
  events: EvidencePack['audit']['events'],
  options: { now: Date; maxAgeDays?: number },
  findings: Finding[],
) {
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const { now } = options;
  const cp = pack.checkpoint;
  const generated = Date.parse(pack.generatedAt);
  if (!Number.isFinite(generated)) {
    integrity(`generatedAt ${String(pack.generatedAt)} is not a date`);
  } else {
    if (cp?.body?.at && !(generated >= Date.parse(cp.body.at))) {
      integrity(
        `generatedAt ${pack.generatedAt} is earlier than checkpoint #${cp.body.seq} (${cp.body.at}), which was signed for this export: the date was changed`,
      );
    }
    const last = events[events.length - 1];
    if (last && !(generated >= Date.parse(last.at))) {
      integrity(
        `generatedAt ${pack.generatedAt} is earlier than event ${last.seq} (${last.at}) in the pack`,
      );
    }
    if (generated > now.getTime() + SKEW_MS)
      integrity(`generatedAt ${pack.generatedAt} is in the future`);
    if (
      options.maxAgeDays !== undefined &&
      now.getTime() - generated > options.maxAgeDays * 86_400_000
    ) {
      findings.push({
        kind: 'stale',
        message: `the pack was generated on ${pack.generatedAt}, more than ${options.maxAgeDays} days ago`,
      });
    }
  }
}
