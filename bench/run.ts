/* eslint-disable no-console */
// `npm run bench`: seeds a database at hospital-network scale and measures the API over HTTP
// against a real backend process, next to the catalog's own endpoint. Prints a table and
// writes bench/results/<db>-<time>.json. Not part of the test suite.
//
// BENCH_DB=sqlite|postgres|both (default: both when a PostgreSQL connection string is set in
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else sqlite). BENCH_SCALE=0.1 seeds a
// tenth (for a quick look); the targets assume 1.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readPolicy } from '../plugins/healthcare-integration-backend/src/config/readPolicy';
import {
  AuditLog,
  AuditEntry,
} from '../plugins/healthcare-integration-backend/src/database/AuditLog';
import { migrationsDir } from '../plugins/healthcare-integration-backend/src/database/migrations';
import { GovernanceEngine } from '../plugins/healthcare-integration-backend/src/engine/GovernanceEngine';
import { RoleResolver } from '../plugins/healthcare-integration-backend/src/engine/RoleResolver';
import { MonitoringService } from '../plugins/healthcare-integration-backend/src/monitoring/MonitoringService';
import { ExceptionNotifier } from '../plugins/healthcare-integration-backend/src/monitoring/ExceptionNotifier';
import {
  CATALOG_ENTITIES,
  ROLE_HOLDERS,
  USERS,
  intake,
} from '../plugins/healthcare-integration-backend/src/testing/fixtures';
import { HARNESS_CONFIG } from '../plugins/healthcare-integration-backend/src/reliability/harness/org';
import {
  call,
  startInstance,
} from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N_INTEGRATIONS = Math.round(10_000 * SCALE);
const N_EVIDENCE = Math.round(100_000 * SCALE);
const N_AUDIT = Math.round(1_000_000 * SCALE);
const N_MONITORING = Math.round(1_000_000 * SCALE);
const HOT_CHAIN = 10_000; // events on the one integration whose chain is verified and exported
const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

type Row = {
  measure: string;
  n: number;
  median: number;
  p99: number;
  target?: string;
  verdict?: string;
};

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p99: at(0.99) };
}

async function time(n: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return stats(samples);
}

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

function services(knex: Knex) {
  const policy = readPolicy(new ConfigReader(HARNESS_CONFIG));
  const roles = new RoleResolver(
    catalogServiceMock({ entities: CATALOG_ENTITIES }),
    mockServices.auth(),
  );
  const governance = new GovernanceEngine(
    knex,
    policy,
    roles,
    new AuditLog(knex),
  );
  const monitoring = new MonitoringService(
    knex,
    policy,
    governance,
    roles,
    new ExceptionNotifier(knex, undefined, 60, silentLogger),
  );
  return { governance, monitoring };
}

/**
 * Seeds through the plugin's own code: integrations with GovernanceEngine.create; audit
 * events with AuditLog.append (the chain code, 500 per call); monitoring events with
 * MonitoringService.ingest (1,000 per batch). Evidence rows are bulk-inserted in the shape
 * uploadEvidence writes, each with its `evidence.uploaded` event appended through AuditLog.
 */
async function seed(knex: Knex) {
  const { governance, monitoring } = services(knex);
  const requester = { ref: USERS.requester, isUser: true };
  const t0 = Date.now();
  const names: string[] = [];
  for (let i = 0; i < N_INTEGRATIONS; i++) {
    const name = `bench-${String(i).padStart(5, '0')}`;
    names.push(name);
    const body = intake(name, {
      phi: i % 3 === 0,
      externalVendor: i % 7 === 0,
      vendorName: i % 7 === 0 ? 'Vendor' : undefined,
    });
    // chris.nguyen holds two roles: businessOwner (through revenue-cycle) and supportOwner.
    body.roles = { ...ROLE_HOLDERS, supportOwner: USERS.business };
    await governance.create(body, requester);
  }
  // A spread of stages for the portfolio filter.
  for (let i = 0; i < names.length; i += 4) {
    await knex('hip_integrations')
      .where({ entity_ref: `component:default/${names[i]}` })
      .update({ stage: 'live' });
  }
  const tIntegrations = Date.now();

  const log = new AuditLog(knex);
  const perIntegrationEvidence = Math.max(
    1,
    Math.floor(N_EVIDENCE / N_INTEGRATIONS),
  );
  const hotRef = `component:default/${names[0]}`;
  let audit = N_INTEGRATIONS; // one `integration.created` each
  const now = new Date().toISOString();
  for (let i = 0; i < names.length; i++) {
    const ref = `component:default/${names[i]}`;
    const evidenceRows = Array.from(
      { length: perIntegrationEvidence },
      (_, k) => {
        const content = Buffer.from(`${ref} evidence ${k} `.padEnd(1024, '.'));
        return {
          id: uuid(i, k),
          entity_ref: ref,
          kind: k % 2 ? 'test-result' : 'mapping-spec',
          title: `evidence ${k}`,
          sha256: createHash('sha256').update(content).digest('hex'),
          size_bytes: content.length,
          media_type: 'text/plain',
          url: null,
          content,
          uploaded_by: USERS.requester,
          uploaded_at: now,
          expires_at: null,
          supersedes: null,
          superseded_by: null,
        };
      },
    );
    const wanted =
      i === 0
        ? HOT_CHAIN
        : Math.floor((N_AUDIT - HOT_CHAIN) / (N_INTEGRATIONS - 1)) - 1;
    const entries: AuditEntry[] = evidenceRows.map(e => ({
      actor: USERS.requester,
      action: 'evidence.uploaded',
      subject: e.id,
      payload: {
        kind: e.kind,
        title: e.title,
        sha256: e.sha256,
        sizeBytes: e.size_bytes,
      },
    }));
    while (entries.length < wanted) {
      entries.push({
        actor: USERS.business,
        action: 'gate.status',
        subject: 'intake',
        payload: { n: entries.length },
      });
    }
    await knex.transaction(async tx => {
      for (let k = 0; k < evidenceRows.length; k += 100)
        await tx('hip_evidence').insert(evidenceRows.slice(k, k + 100));
      for (let k = 0; k < entries.length; k += 500) {
        const row = await tx('hip_integrations')
          .where({ entity_ref: ref })
          .first();
        await log.append(
          tx,
          { entityRef: ref, seq: Number(row.audit_seq), hash: row.audit_head },
          entries.slice(k, k + 500),
          now,
        );
      }
    });
    audit += entries.length;
  }
  const tAudit = Date.now();

  const perIntegrationMonitoring = Math.max(
    1,
    Math.floor(N_MONITORING / N_INTEGRATIONS),
  );
  let batch: unknown[] = [];
  let monitoringEvents = 0;
  for (let i = 0; i < names.length; i++) {
    for (let k = 0; k < perIntegrationMonitoring; k++) {
      batch.push({
        integrationRef: `component:default/${names[i]}`,
        category: (['technical', 'clinical', 'access', 'policy'] as const)[
          k % 4
        ],
        kind: `kind-${k % 5}`,
        severity: k % 50 === 0 ? 'critical' : 'warning',
        occurredAt: new Date(Date.now() - k * 60_000).toISOString(),
        source: 'bench',
        dedupKey: `seed-${i}-${k}`,
      });
      if (batch.length === 1000) {
        monitoringEvents += (await monitoring.ingest(batch)).accepted;
        batch = [];
      }
    }
  }
  if (batch.length)
    monitoringEvents += (await monitoring.ingest(batch)).accepted;
  const tMonitoring = Date.now();
  return {
    names,
    hotRef,
    counts: {
      integrations: N_INTEGRATIONS,
      evidence: perIntegrationEvidence * N_INTEGRATIONS,
      audit,
      monitoringEvents,
    },
    seconds: {
      integrations: (tIntegrations - t0) / 1000,
      evidenceAndAudit: (tAudit - tIntegrations) / 1000,
      monitoring: (tMonitoring - tAudit) / 1000,
    },
  };
}

/**
 * Ingest with routing and dedup next to a raw batched insert of the same rows into the same
 * table, batches of 1,000. Two workloads:
 *  - `storm` (the target): each batch carries repeated failures of 100 integrations across the
 *    kinds already open on them, with one in ten events of a kind not yet open (a new
 *    exception, routed and audited) — what an engine sends while something is wrong;
 *  - `all-new` (reported): every event opens a new exception on a different integration.
 */
async function ingestRatio(
  knex: Knex,
  names: string[],
  scenario: 'storm' | 'all-new',
) {
  const { monitoring } = services(knex);
  const batches = 20;
  const size = 1000;
  const make = (prefix: string, b: number) =>
    Array.from({ length: size }, (_, k) => {
      const storm = scenario === 'storm';
      const name = storm
        ? names[(b * 100 + (k % 100)) % names.length]
        : names[(b * size + k) % names.length];
      const kind = storm
        ? k % 10 === 9
          ? `${prefix}-new-${b}`
          : `kind-${k % 5}`
        : `${prefix}-kind`;
      return {
        integrationRef: `component:default/${name}`,
        category:
          storm && k % 10 !== 9
            ? (['technical', 'clinical', 'access', 'policy'] as const)[
                (k % 5) % 4
              ]
            : ('technical' as const),
        kind,
        severity: 'error' as const,
        count: 1,
        occurredAt: new Date().toISOString(),
        source: 'bench',
        dedupKey: `${prefix}-${scenario}-${b}-${k}`,
      };
    });
  let t = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) await monitoring.ingest(make('ingest', b));
  const ingestSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) {
    const rows = make('raw', b).map(e => ({
      dedup_key: e.dedupKey,
      entity_ref: e.integrationRef,
      category: e.category,
      kind: e.kind,
      severity: e.severity,
      count: e.count,
      occurred_at: e.occurredAt,
      received_at: e.occurredAt,
      source: e.source,
      message: null,
    }));
    await knex.transaction(async tx => {
      for (let k = 0; k < rows.length; k += 500)
        await tx('hip_monitoring_events').insert(rows.slice(k, k + 500));
    });
  }
  const rawSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const events = batches * size;
  return {
    scenario,
    ingestRate: events / ingestSeconds,
    rawRate: events / rawSeconds,
  };
}

/**
 * Chain verification (the API's path, verifyStoredChain over stored rows) next to the raw
 * SHA-256 rate of the same bytes, both in one fresh process (bench/verifyRatio.ts), so that the
 * seeding's heap does not weigh on either.
 */
function verificationRatio(url: string, ref: string) {
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolve(__dirname, 'verifyRatio.ts'),
      url,
      ref,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as {
    events: number;
    bytes: number;
    rawRate: number;
    verifyRate: number;
  };
}

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function runOne(kind: 'sqlite' | 'postgres') {
  const dir = join(tmpdir(), `hip-bench-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  let url: string;
  let catalogUrl: string;
  let drop = async () => rmSync(dir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    url = join(dir, 'bench.sqlite');
    catalogUrl = join(dir, 'catalog.sqlite');
  } else {
    const admin = knexFactory({ client: 'pg', connection: PG });
    const name = `hip_bench_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.raw(`CREATE DATABASE ${name}_catalog`);
    url = `${PG!.replace(/\/+$/, '')}/${name}`;
    catalogUrl = `${url}_catalog`;
    drop = async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.raw(`DROP DATABASE IF EXISTS ${name}_catalog WITH (FORCE)`);
      await admin.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const knex =
    kind === 'sqlite'
      ? knexFactory({
          client: 'better-sqlite3',
          connection: { filename: url },
          useNullAsDefault: true,
        })
      : knexFactory({
          client: 'pg',
          connection: url,
          pool: { min: 0, max: 5 },
        });
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
      const catalogBase = base.replace('/healthcare-integration', '/catalog');
      for (let i = 0; i < 60; i++) {
        const r = await call(
          catalogBase,
          USERS.requester,
          'GET',
          '/entities/by-name/component/default/bench-00000',
        );
        if (r.status === 200) break;
        await new Promise(res => setTimeout(res, 1000));
      }
      const hot = '/integrations/default/bench-00000';
      const warm = async (path: string, who = USERS.requester) => {
        for (let i = 0; i < 10; i++) await call(base, who, 'GET', path);
      };
      await warm(`${hot}`);
      const rows: Row[] = [];
      const add = (
        measure: string,
        n: number,
        s: { median: number; p99: number },
        target?: string,
        ok?: boolean,
      ) =>
        rows.push({
          measure,
          n,
          median: s.median,
          p99: s.p99,
          target,
          verdict: target ? (ok ? 'pass' : 'FAIL') : undefined,
        });

      const catalog = await time(200, () =>
        call(
          catalogBase,
          USERS.requester,
          'GET',
          '/entities/by-name/component/default/bench-00000',
        ),
      );
      const status = await time(200, () =>
        call(base, USERS.requester, 'GET', hot),
      );
      add('catalog GET /entities/by-name (reference)', 200, catalog);
      add(
        'governance status (entity tab)',
        200,
        status,
        'p99 ≤ 50 ms (SQLite)',
        kind !== 'sqlite' || status.p99 <= 50,
      );
      rows.push({
        measure: 'status / catalog median ratio',
        n: 200,
        median: status.median / catalog.median,
        p99: status.p99 / catalog.p99,
        target: '≤ 1.0',
        verdict: status.median / catalog.median <= 1 ? 'pass' : 'FAIL',
      });
      const portfolio = await time(100, () =>
        call(base, USERS.requester, 'GET', '/integrations?stage=live&limit=25'),
      );
      add(
        'portfolio first page, stage=live',
        100,
        portfolio,
        '≤ 100 ms',
        portfolio.p99 <= 100,
      );
      const inbox = await time(50, () =>
        call(base, USERS.business, 'GET', '/inbox'),
      );
      add('reviewer inbox (user holding two roles)', 50, inbox);
      const decisions = await time(100, i =>
        call(
          base,
          USERS.business,
          'POST',
          `/integrations/default/${seeded.names[i + 1]}/gates/intake/decisions`,
          { decision: 'approve', comment: 'bench' },
        ),
      );
      add('gate decision', 100, decisions);
      const mb = Buffer.alloc(1024 * 1024, 7).toString('base64');
      const upload = await time(30, i =>
        call(
          base,
          USERS.requester,
          'POST',
          `/integrations/default/${seeded.names[200 + i]}/evidence`,
          { kind: 'other', title: `1MB ${i}`, contentBase64: mb },
        ),
      );
      add('evidence upload 1 MB', 30, upload);
      const verify = await time(20, () =>
        call(base, USERS.compliance, 'GET', `${hot}/audit/verify`),
      );
      add(`chain verification (${verification.events} events)`, 20, verify);
      const pack = await time(10, () =>
        call(base, USERS.compliance, 'GET', `${hot}/audit/export`),
      );
      add('evidence-pack export (same integration)', 10, pack);
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

function printTable(r: any) {
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

function uuid(i: number, k: number) {
  const h = createHash('sha256').update(`${i}:${k}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
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
