/* eslint-disable no-console */
/**
 * Real components end to end: a small exporter → Prometheus 2.42 (a rule over the counter, a
 * Watchdog heartbeat) → Alertmanager 0.25 (webhook with a bearer token) → the example backend
 * (packages/backend, the monitoring static token of app-config.yaml, a temporary SQLite
 * directory). Asserts fire, repeat, resolve, re-fire and heartbeat against the stored exception
 * and health, and measures the latency from counter change to stored exception.
 * Run with `bash e2e-alerting/run.sh`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runLifecycle } from './lifecycle';
import {
  BACKEND,
  PORTS,
  type Proc,
  start,
  startExporter,
  startRelay,
  stopAll,
  until,
  writeAlertingConfig,
} from './components';

const root = resolve(__dirname, '..');
const MONITORING = `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/monitoring`;
// The alerting part (from the backend being up) must finish within this; the backend's own
// start (the example portal's, transpiled on the fly) gets its own, wider bound.
const ALERTING_BUDGET_MS = 150_000;
const BACKEND_START_MS = 360_000;
// The policy's silence window for this run: 14.4 s, so that the heartbeat's effect shows quickly.
const SILENCE_HOURS = 0.004;

const observed: Array<{ t: string; step: string; detail: string }> = [];
const t0 = Date.now();
const note = (step: string, detail: string) => {
  const t = `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  observed.push({ t, step, detail });
  console.log(`[${t}] ${step}: ${detail}`);
};
function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(`assertion failed: ${message}`);
}

async function signInAs(user: string) {
  const res = await fetch(`${BACKEND}/api/auth/exampleUsers/refresh`, {
    headers: { 'x-example-user': user },
  });
  if (!res.ok)
    throw new Error(`sign-in as ${user}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as any).backstageIdentity.token as string;
}

/** Another run (or anything else) on our ports would answer for us: refuse to start. */
async function assertPortsFree() {
  for (const [name, port] of Object.entries(PORTS)) {
    const busy = await new Promise<boolean>(done => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (busy && name !== 'exporter' && name !== 'relay')
      throw new Error(`port ${port} (${name}) is in use on 127.0.0.1`);
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hcig-e2e-alerting-'));
  const token = randomBytes(24).toString('hex');
  const procs: Proc[] = [];
  const exporter = startExporter();
  const relay = startRelay();
  let deadline = setTimeout(() => {
    console.error(
      `e2e-alerting: the backend did not start in ${BACKEND_START_MS / 1000}s`,
    );
    for (const p of procs)
      console.error(`--- ${p.name} (tail) ---\n${p.log().slice(-6000)}`);
    stopAll(procs).finally(() => process.exit(1));
  }, BACKEND_START_MS + 10_000);
  try {
    await assertPortsFree();
    const config = join(dir, 'app-config.e2e.yaml');
    writeFileSync(
      config,
      `backend:
  baseUrl: ${BACKEND}
  listen: { port: ${PORTS.backend}, host: 127.0.0.1 }
healthcareIntegration:
  audit:
    signing:
      developmentKeyFile: ${join(dir, 'audit-signing-key.dev.pem')}
  monitoring:
    autoResolveSweepSeconds: 2
  policy:
    monitoring:
      silenceWindowHours: ${SILENCE_HOURS}
      # Recovery waits for the routed role (no auto-resolve), as a clinical team would choose.
      autoResolveAfterMinutes: {}
`,
    );
    const sqlite = join(dir, 'sqlite');
    mkdirSync(sqlite);
    // The example backend as `yarn start` runs it (backstage-cli package start: Node with
    // Backstage's transform, NODE_ENV=development), as one process of our own.
    const backend = start(
      'backend',
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [join(root, 'node_modules/@backstage/cli')],
        }),
        'src/index',
        '--config',
        join(root, 'app-config.yaml'),
        '--config',
        config,
      ],
      {
        cwd: join(root, 'packages/backend'),
        env: {
          ...process.env,
          NODE_ENV: 'development',
          FORCE_COLOR: '0',
          MONITORING_TOKEN: token,
          APP_CONFIG_backend_database_connection_directory: sqlite,
        },
      },
    );
    procs.push(backend);
    await until(
      'the backend',
      150_000,
      async () => {
        if (backend.child.exitCode !== null)
          throw new Error(`backend exited\n${backend.log().slice(-3000)}`);
        const res = await fetch(`${BACKEND}/api/healthcare-integration/policy`);
        return res.status === 401 ? true : undefined;
      },
      1000,
    );
    const backendUp = Date.now();
    note('backend', `up after ${((backendUp - t0) / 1000).toFixed(1)} s`);
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      console.error(
        `e2e-alerting: over its ${ALERTING_BUDGET_MS / 1000}s budget`,
      );
      stopAll(procs).finally(() => process.exit(1));
    }, ALERTING_BUDGET_MS);
    // The auth backend may finish starting after the plugin answers.
    const priya = await until(
      'sign-in',
      60_000,
      () => signInAs('priya.patel'),
      1000,
    );
    const devOps = await until(
      'sign-in',
      60_000,
      () => signInAs('dev.ops'),
      1000,
    );
    const summary = async () =>
      (await fetch(MONITORING, {
        headers: { authorization: `Bearer ${priya}` },
      }).then(r => r.json())) as any;
    // The seeder walks ehr-lab-orders to live and reports its example failures last.
    await until(
      'the seeded ehr-lab-orders',
      120_000,
      async () => {
        const s = await summary();
        return s.exceptions?.some((e: any) => e.kind === 'failed-message')
          ? true
          : undefined;
      },
      1000,
    );
    // The seeder's example exceptions: their owner resolves them, for a clean baseline.
    for (const ex of (await summary()).exceptions.filter(
      (e: any) => e.status !== 'resolved',
    )) {
      const res = await fetch(
        `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/exceptions/${ex.id}/resolve`,
        { method: 'POST', headers: { authorization: `Bearer ${devOps}` } },
      );
      check(res.ok, `baseline resolve ${ex.id}: ${res.status}`);
    }

    // The alerting pipeline starts once the record it is about exists.
    const alerting = writeAlertingConfig(dir, token);
    procs.push(
      start('prometheus', 'prometheus', [
        `--config.file=${alerting.prometheus}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${PORTS.prometheus}`,
        `--web.external-url=http://127.0.0.1:${PORTS.prometheus}`,
        '--rules.alert.resend-delay=1s',
      ]),
      start('alertmanager', 'prometheus-alertmanager', [
        `--config.file=${alerting.alertmanager}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${PORTS.alertmanager}`,
        `--web.external-url=http://127.0.0.1:${PORTS.alertmanager}`,
        '--cluster.listen-address=',
      ]),
    );
    for (const p of procs)
      p.child.on('exit', code => {
        if (code) console.error(`${p.name} exited ${code}`);
      });

    note('start', 'Prometheus 2.42 and Alertmanager 0.25 up');

    const { latencyFire, latencyRefire, trail } = await runLifecycle({
      exporter,
      relay,
      summary,
      priya,
      devOps,
      silenceHours: SILENCE_HOURS,
      note,
      check,
    });

    const result = {
      ok: true,
      seconds: (Date.now() - t0) / 1000,
      alertingSeconds: (Date.now() - backendUp) / 1000,
      latencyMs: { fire: latencyFire, refire: latencyRefire },
      deliveries: relay.deliveries.length,
      observed,
      trail,
    };
    const out = join(root, 'test-artifacts/e2e-alerting');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'result.json'), JSON.stringify(result, null, 2));
    console.log(
      `e2e-alerting passed in ${result.seconds.toFixed(
        1,
      )} s (alerting part ${result.alertingSeconds.toFixed(1)} s): ${
        relay.deliveries.length
      } webhook deliveries, latency counter change → stored exception ${latencyFire} ms (fire), ${latencyRefire} ms (re-fire)`,
    );
  } catch (e) {
    for (const p of procs)
      console.error(`--- ${p.name} (tail) ---\n${p.log().slice(-6000)}`);
    console.error(
      `--- deliveries ---\n${JSON.stringify(
        relay.deliveries.slice(-10),
        null,
        1,
      )}`,
    );
    throw e;
  } finally {
    clearTimeout(deadline);
    exporter.close();
    relay.close();
    await stopAll(procs);
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
