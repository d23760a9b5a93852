/* eslint-disable no-console */
// `npm run bench`: seeds a database at hospital-network scale through the plugin's own code and
// measures the paths production runs — the API over HTTP against a real backend process (with
// the real catalog beside it, holding the same integrations), ingest through MonitoringService
// with a notification service wired, chain verification through verifyStoredChain — each next
// to its baseline. Prints every target with its verdict and writes the JSON results.
//
// BENCH_DB=sqlite|postgres|both (default: both when a PostgreSQL connection string is set in
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else sqlite). BENCH_SCALE=0.05 is the
// quick mode (CI's smoke check of the script; its figures are not the targets' and its JSON goes
// to bench/results/quick/, git-ignored); the targets assume 1. BENCH_PORT (default 7400) is
// the backend's port.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { migrationsDir } from '../plugins/healthcare-integration-backend/src/database/migrations';
import { startInstance } from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';
import {
  catalogEntityCount,
  waitForCatalog,
  writeBenchCatalog,
} from './benchCatalog';
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
import { targets } from './targets';
import { rssMb } from './timing';
import { verificationRatio } from './verificationRatio';

const PORT = Number(process.env.BENCH_PORT ?? 7400);
const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

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
    console.log(
      `[${kind}] ingest and verification measured; starting the backend on port ${PORT}`,
    );

    const catalogFile = writeBenchCatalog(dir, seeded.names);
    if (kind === 'sqlite') await knex.destroy();
    const instance = await startInstance(url, {
      HARNESS_CATALOG_FILE: catalogFile,
      HARNESS_CATALOG_DB: catalogUrl,
      HARNESS_PORT: String(PORT),
    });
    try {
      const base = instance.base;
      const t0 = Date.now();
      await waitForCatalog(
        base.replace('/healthcare-integration', '/catalog'),
        catalogEntityCount(seeded.names),
      );
      console.log(
        `[${kind}] the catalog processed its entities in ${
          (Date.now() - t0) / 1000
        } s`,
      );
      // Memory before the measured requests, to tell what the seeded data and catalog hold
      // from what serving the requests (uploads, exports) leaves behind.
      const rssBefore = rssMb(instance.proc.pid!);
      const http = await measureHttp(base, seeded.names, verification.events);
      const rss = rssMb(instance.proc.pid!);
      const result = {
        database: kind,
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        scale: SCALE,
        load: load(),
        at: new Date().toISOString(),
        seeded: seeded.counts,
        seedSeconds: seeded.seconds,
        http,
        ingest: { storm, allNew },
        verification,
        backendRssMb: rss,
        backendRssBeforeRequestsMb: rssBefore,
        targets: targets({ http, storm, allNew, verification, rss, rssBefore }),
      };
      printTable(result);
      const folder = resolve(__dirname, 'results', SCALE < 1 ? 'quick' : '.');
      mkdirSync(folder, { recursive: true });
      const out = resolve(
        folder,
        `${kind}-${result.at.replace(/[:.]/g, '-')}.json`,
      );
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
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
    } cores, load ${load()}; databases: ${which}`,
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
