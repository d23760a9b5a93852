/* eslint-disable no-console */
// `npm run bench`: seeds a database at hospital-network scale and measures the API over HTTP
// against a real backend process, next to the catalog's own endpoint. Prints a table and
// writes bench/results/<db>-<time>.json. Not part of the test suite.
//
// BENCH_DB=sqlite|postgres|both (default: both when a PostgreSQL connection string is set in
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else sqlite). BENCH_SCALE=0.1 seeds a
// tenth (for a quick look); the targets assume 1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { migrationsDir } from '../plugins/healthcare-integration-backend/src/database/migrations';
import { startInstance } from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';
import { openBenchDatabase } from './benchDatabase';
import { measureHttp } from './httpMeasures';
import { ingestRatio } from './ingestRatio';
import { printTable } from './report';
import {
  N_AUDIT,
  N_EVIDENCE,
  N_INTEGRATIONS,
  N_MONITORING,
  PG,
  SCALE,
} from './scale';
import { seed } from './seed';
import { rssMb } from './timing';
import { verificationRatio } from './verificationRatio';

// Each part lives in the bench/ file of its concern; this one runs them per database.

async function runOne(kind: 'sqlite' | 'postgres') {
  const { dir, url, catalogUrl, knex, drop } = await openBenchDatabase(kind);
  try {
    await knex.migrate.latest({ directory: migrationsDir });
    console.log(
      `[${kind}] seeding ${N_INTEGRATIONS} integrations, ${N_EVIDENCE} evidence, ${N_AUDIT} audit events, ${N_MONITORING} monitoring events…`,
    );
    const seeded = await seed(knex);
    console.log(`[${kind}] seeded in ${JSON.stringify(seeded.seconds)} s`);
    const storm = await ingestRatio(knex, seeded.names, 'storm');
    const allNew = await ingestRatio(knex, seeded.names, 'all-new');
    const verification = verificationRatio(url, seeded.hotRef);

    const catalogFile = join(dir, 'catalog.yaml');
    writeFileSync(
      catalogFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: bench-00000',
        'spec:',
        '  type: healthcare-integration',
        '  owner: group:default/integration-engineering',
        '  lifecycle: production',
        '',
      ].join('\n'),
    );
    if (kind === 'sqlite') await knex.destroy();
    const instance = await startInstance(url, {
      HARNESS_CATALOG_FILE: catalogFile,
      HARNESS_CATALOG_DB: catalogUrl,
    });
    try {
      const base = instance.base;
      const rows = await measureHttp(
        base,
        kind,
        seeded.names,
        verification.events,
      );
      const rss = rssMb(instance.proc.pid!);

      const ingestRatioValue = storm.ingestRate / storm.rawRate;
      const verifyRatioValue = verification.verifyRate / verification.rawRate;
      const result = {
        database: kind,
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        scale: SCALE,
        seeded: seeded.counts,
        seedSeconds: seeded.seconds,
        http: rows,
        ingest: {
          ...storm,
          ratio: ingestRatioValue,
          target: '≥ 0.5',
          verdict: ingestRatioValue >= 0.5 ? 'pass' : 'FAIL',
        },
        ingestAllNew: { ...allNew, ratio: allNew.ingestRate / allNew.rawRate },
        verification: {
          ...verification,
          ratio: verifyRatioValue,
          target: '≥ 0.5',
          verdict: verifyRatioValue >= 0.5 ? 'pass' : 'FAIL',
        },
        backendRssMb: rss,
        backendRssVerdict: rss <= 500 ? 'pass' : 'FAIL',
      };
      printTable(result);
      const out = resolve(
        __dirname,
        'results',
        `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      mkdirSync(resolve(__dirname, 'results'), { recursive: true });
      writeFileSync(out, JSON.stringify(result, null, 2));
      console.log(`results: ${out}`);
      return result;
    } finally {
      await instance.stop();
    }
  } finally {
    if (kind === 'postgres') await knex.destroy();
    await drop();
  }
}

async function main() {
  const which = process.env.BENCH_DB ?? (PG ? 'both' : 'sqlite');
  console.log(
    `healthcare-integration benchmark — ${
      cpus().length
    } cores; databases: ${which}`,
  );
  if (which === 'sqlite' || which === 'both') await runOne('sqlite');
  if (which === 'postgres' || which === 'both') {
    if (!PG)
      throw new Error(
        'BENCH_DB=postgres needs BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
      );
    await runOne('postgres');
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
