/* eslint-disable no-console */
import type { Row } from './timing';

/** The result table on the console: every measure with its target and verdict. */
export function printTable(r: any) {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  console.log(
    `\n=== ${r.database} — ${r.cores} cores, ${r.memoryGb} GB, scale ${r.scale} ===`,
  );
  console.log(
    `seeded: ${JSON.stringify(r.seeded)} in ${JSON.stringify(r.seedSeconds)} s`,
  );
  console.log(
    `${'measure'.padEnd(46)} | ${'n'.padStart(4)} | ${'median ms'.padStart(
      10,
    )} | ${'p99 ms'.padStart(8)} | target`,
  );
  for (const row of r.http as Row[]) {
    console.log(
      `${row.measure.padEnd(46)} | ${String(row.n).padStart(4)} | ${f(
        row.median,
      ).padStart(10)} | ${f(row.p99).padStart(8)} | ${row.target ?? ''} ${
        row.verdict ?? ''
      }`,
    );
  }
  console.log(
    `ingest (storm) with routing+dedup: ${f(
      r.ingest.ingestRate,
    )} ev/s; raw batched insert of the same rows: ${f(
      r.ingest.rawRate,
    )} ev/s; ratio ${r.ingest.ratio.toFixed(2)} (≥ 0.5) ${r.ingest.verdict}`,
  );
  console.log(
    `ingest (all-new, every event opens an exception): ${f(
      r.ingestAllNew.ingestRate,
    )} ev/s; raw: ${f(
      r.ingestAllNew.rawRate,
    )} ev/s; ratio ${r.ingestAllNew.ratio.toFixed(2)} (reported)`,
  );
  console.log(
    `chain verification: ${(r.verification.verifyRate / 1e6).toFixed(
      1,
    )} MB/s; raw SHA-256 of the same bytes: ${(
      r.verification.rawRate / 1e6
    ).toFixed(1)} MB/s; ratio ${r.verification.ratio.toFixed(2)} (≥ 0.5) ${
      r.verification.verdict
    }`,
  );
  console.log(
    `backend resident memory with seeded data: ${r.backendRssMb.toFixed(
      0,
    )} MB (≤ 500) ${r.backendRssVerdict}`,
  );
}
