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
const KIND = 'hl7-failed-messages';
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

    // Heartbeat: the Watchdog's deliveries are signals.
    const hb = await until('a Watchdog delivery', 30_000, async () =>
      relay.deliveries.find(
        d => d.status === 200 && d.alerts.some(a => a.alertname === 'Watchdog'),
      ),
    );
    check(
      hb.status === 200 && hb.response.heartbeats === 1,
      'heartbeat answered',
    );
    const healthy = await until(
      'health healthy after the heartbeat',
      10_000,
      async () => {
        const s = await summary();
        return s.health === 'healthy' ? s : undefined;
      },
    );
    note(
      'heartbeat',
      `Watchdog delivered; health ${healthy.health}, last signal ${healthy.lastSignalAt}`,
    );

    // Fire: the counter moves.
    const bump = () => {
      exporter.state.failed += 1;
    };
    const firedAt = Date.now();
    bump();
    const ticker = setInterval(bump, 1000); // keeps the rule firing through the repeat
    const first = await until(
      'the stored exception',
      20_000,
      async () => {
        const s = await summary();
        const ex = s.exceptions.find(
          (e: any) => e.kind === KIND && e.status !== 'resolved',
        );
        return ex ? { ex, s } : undefined;
      },
      100,
    );
    const latencyFire = Date.now() - firedAt;
    check(first.ex.severity === 'critical', 'severity critical');
    check(
      first.ex.routedRole === 'technicalOwner',
      'routed to the technical owner',
    );
    check(first.s.health === 'down', `health down, was ${first.s.health}`);
    check(
      first.ex.links?.runbookURL ===
        'https://runbooks.example.org/hl7-failed-messages' &&
        String(first.ex.links?.generatorURL).startsWith(
          `http://127.0.0.1:${PORTS.prometheus}/`,
        ) &&
        first.ex.links?.alertmanagerURL ===
          `http://127.0.0.1:${PORTS.alertmanager}` &&
        /^[0-9a-f]+$/.test(first.ex.links?.fingerprint ?? ''),
      `links stored: ${JSON.stringify(first.ex.links)}`,
    );
    note(
      'fire',
      `exception ${first.ex.id} open, critical, count ${first.ex.count}, health down; ${latencyFire} ms from counter change to stored exception`,
    );

    // Repeat: Alertmanager sends the group again (repeat_interval 4s); nothing is counted twice.
    const hl7 = (d: (typeof relay.deliveries)[number]) =>
      d.alerts.some(a => a.alertname === 'HL7FailedMessages');
    const repeat = await until(
      'a repeat delivery',
      20_000,
      async () =>
        relay.deliveries.filter(d => hl7(d) && d.response.duplicates >= 1)[0],
    );
    const afterRepeat = (await summary()).exceptions.find(
      (e: any) => e.id === first.ex.id,
    );
    check(
      afterRepeat.count === 1,
      `count stays 1 after a repeat, is ${afterRepeat.count}`,
    );
    note(
      'repeat',
      `delivery answered ${JSON.stringify(repeat.response)}; count still ${
        afterRepeat.count
      }`,
    );

    // A person resolves while the alert still fires; the next repeat is a new occurrence.
    const res1 = await fetch(
      `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/exceptions/${first.ex.id}/resolve`,
      { method: 'POST', headers: { authorization: `Bearer ${devOps}` } },
    );
    check(res1.ok, `resolve by dev.ops: ${res1.status}`);
    const second = await until(
      'the re-opened occurrence',
      20_000,
      async () => {
        const s = await summary();
        const ex = s.exceptions.find(
          (e: any) => e.reopenedFrom === first.ex.id,
        );
        return ex ? { ex, s } : undefined;
      },
      200,
    );
    check(second.s.health === 'down', 'health down again');
    note(
      're-fire (still firing)',
      `dev.ops resolved ${first.ex.id}; the next repeat opened ${second.ex.id} (reopenedFrom ${first.ex.id}), health down`,
    );

    // Resolve at the source: the counter stops moving.
    clearInterval(ticker);
    const recovered = await until(
      'recovery',
      30_000,
      async () => {
        const s = await summary();
        const ex = s.exceptions.find((e: any) => e.id === second.ex.id);
        return ex?.recoveredAt ? { ex, s } : undefined;
      },
      200,
    );
    check(recovered.ex.status === 'open', 'waits for the routed role (policy)');
    check(
      recovered.ex.recoveredBy === 'alertmanager:backstage',
      'recovered by the receiver',
    );
    check(
      recovered.s.health === 'healthy',
      `health healthy after recovery, is ${recovered.s.health}`,
    );
    note(
      'resolve',
      `alert resolved; ${second.ex.id} recovered at ${recovered.ex.recoveredAt} by ${recovered.ex.recoveredBy}, status still ${recovered.ex.status} (waits for the technical owner), health ${recovered.s.health}`,
    );
    const res2 = await fetch(
      `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/exceptions/${second.ex.id}/resolve`,
      { method: 'POST', headers: { authorization: `Bearer ${devOps}` } },
    );
    check(res2.ok, `resolve by dev.ops: ${res2.status}`);

    // Re-fire: a new firing of the same alert after it resolved.
    const refiredAt = Date.now();
    bump();
    const third = await until(
      'the re-fired occurrence',
      20_000,
      async () => {
        const s = await summary();
        const ex = s.exceptions.find(
          (e: any) => e.reopenedFrom === second.ex.id,
        );
        return ex ? { ex, s } : undefined;
      },
      100,
    );
    const latencyRefire = Date.now() - refiredAt;
    check(third.s.health === 'down', 'health down on re-fire');
    note(
      're-fire (new firing)',
      `${third.ex.id} opened (reopenedFrom ${second.ex.id}) ${latencyRefire} ms after the counter change`,
    );
    await until(
      'recovery of the re-fire',
      30_000,
      async () => {
        const s = await summary();
        return s.exceptions.find((e: any) => e.id === third.ex.id)?.recoveredAt
          ? true
          : undefined;
      },
      250,
    );

    // Heartbeat over the silence window: still healthy; without it, unknown.
    const windowMs = SILENCE_HOURS * 3_600_000;
    await new Promise(r => setTimeout(r, windowMs + 2000));
    const kept = await summary();
    check(
      kept.health === 'healthy',
      `healthy past the silence window while the Watchdog repeats, is ${kept.health}`,
    );
    note(
      'heartbeat',
      `${(windowMs / 1000).toFixed(
        1,
      )} s silence window passed with Watchdog repeats: health ${
        kept.health
      }, last signal ${kept.lastSignalAt}`,
    );
    exporter.state.heartbeat = 0;
    const silent = await until(
      'unknown once the heartbeat stops',
      windowMs + 20_000,
      async () => {
        const s = await summary();
        return s.health === 'unknown' ? s : undefined;
      },
      500,
    );
    note('heartbeat stopped', `health ${silent.health} (${silent.reason})`);

    const audit = (await fetch(
      `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/audit?limit=500`,
      { headers: { authorization: `Bearer ${priya}` } },
    ).then(r => r.json())) as any;
    const ids = [first.ex.id, second.ex.id, third.ex.id];
    const trail = audit.items
      .filter((e: any) => ids.includes(e.subject))
      .map(
        (e: any) => `${e.action}#${ids.indexOf(e.subject) + 1} by ${e.actor}`,
      );
    const expected = [
      'exception.opened#1 by monitoring:alertmanager:backstage',
      'exception.resolved#1 by user:default/dev.ops',
      'exception.opened#2 by monitoring:alertmanager:backstage',
      'exception.recovered#2 by monitoring:alertmanager:backstage',
      'exception.resolved#2 by user:default/dev.ops',
      'exception.opened#3 by monitoring:alertmanager:backstage',
      'exception.recovered#3 by monitoring:alertmanager:backstage',
    ];
    check(
      JSON.stringify(trail) === JSON.stringify(expected),
      `audit trail:\n${trail.join('\n')}`,
    );
    const verify = (await fetch(
      `${BACKEND}/api/healthcare-integration/integrations/default/ehr-lab-orders/audit/verify`,
      { headers: { authorization: `Bearer ${priya}` } },
    ).then(r => r.json())) as any;
    check(
      verify.ok === true,
      `audit verify: ${JSON.stringify(verify).slice(0, 500)}`,
    );
    note('audit', `${trail.length} exception events in the chain, verify ok`);
    check(
      relay.deliveries.every(d => d.status === 200),
      `every delivery 200: ${relay.deliveries.map(d => d.status).join(',')}`,
    );

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
