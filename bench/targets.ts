import type { Target } from './report';
import type { Row } from './timing';

type Ingest = {
  ingestRate: number;
  rawRate: number;
  ratio: number;
  notificationsSent: number;
};

/** Issue 16's targets, each with its figure and verdict, from the measured results. */
export function targets(r: {
  http: Row[];
  storm: Ingest;
  allNew: Ingest;
  verification: { rawRate: number; verifyRate: number; events: number };
  rss: number;
  rssBefore: number;
}): Target[] {
  const verdict = (ok: boolean): 'pass' | 'FAIL' => (ok ? 'pass' : 'FAIL');
  const fromRow = (prefix: string, label = prefix): Target[] =>
    r.http
      .filter(h => h.measure.startsWith(prefix))
      .map(h => ({
        measure: h.measure === prefix ? label : h.measure,
        figure: h.measure.includes('/ catalog')
          ? `${h.median.toFixed(2)}`
          : `${h.tail.toFixed(1)} ms ${h.tailLabel} (median ${h.median.toFixed(
              1,
            )})`,
        target: h.target!,
        verdict: h.verdict!,
      }));
  const ratio = (name: string, x: Ingest, min: number): Target => ({
    measure: `ingest ${name} with routing, dedup, notifications / raw batched insert`,
    figure: `${x.ratio.toFixed(2)} (${x.ingestRate.toFixed(
      0,
    )} / ${x.rawRate.toFixed(0)} ev/s)`,
    target: `≥ ${min}`,
    verdict: verdict(x.ratio >= min),
  });
  const v = r.verification.verifyRate / r.verification.rawRate;
  const preview = r.http.find(h => h.measure.startsWith('policy preview'));
  const checkpoint = r.http.find(h =>
    h.measure.startsWith('chain + signed-checkpoint'),
  );
  return [
    ...fromRow('status (cold) / catalog by-name'),
    ...fromRow('reviewer inbox'),
    ...fromRow('portfolio first page'),
    ratio('storm', r.storm, 0.7),
    ratio('all-new', r.allNew, 0.5),
    {
      measure: `chain verification / raw SHA-256 (${r.verification.events} events)`,
      figure: `${v.toFixed(2)} (${(r.verification.verifyRate / 1e6).toFixed(
        0,
      )} / ${(r.verification.rawRate / 1e6).toFixed(0)} MB/s)`,
      target: '≥ 0.8',
      verdict: verdict(v >= 0.8),
    },
    ...(checkpoint
      ? [
          {
            measure: checkpoint.measure,
            figure: `${checkpoint.median.toFixed(0)} ms median`,
            target: '—',
            verdict: 'reported' as const,
          },
        ]
      : []),
    {
      measure: 'backend resident memory with the seeded data',
      figure: `${r.rss.toFixed(0)} MB (${r.rssBefore.toFixed(
        0,
      )} MB before the requests)`,
      target: '≤ 400 MB',
      verdict: verdict(r.rss <= 400),
    },
    ...(preview
      ? [
          {
            measure: preview.measure,
            figure: `${(preview.median / 1000).toFixed(2)} s median, ${(
              preview.tail / 1000
            ).toFixed(2)} s ${preview.tailLabel}`,
            target: '— (issue 19: seconds)',
            verdict: 'reported' as const,
          },
        ]
      : []),
  ];
}
