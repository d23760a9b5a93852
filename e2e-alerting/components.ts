import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * The real components of the alerting test, each a plain process on a localhost port of its
 * own (7150–7154), with its own config and data folders under one temporary directory.
 */
export const PORTS = {
  backend: 7150,
  exporter: 7151,
  prometheus: 7152,
  alertmanager: 7153,
  relay: 7154,
};
export const BACKEND = `http://127.0.0.1:${PORTS.backend}`;
export const INTEGRATION_LABEL = 'default/ehr-lab-orders';

export interface Proc {
  name: string;
  child: ChildProcess;
  log: () => string;
}

export function start(
  name: string,
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Proc {
  let output = '';
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    // Its own process group, so that stopping it ends its children too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, log: () => output };
}

/** Ends the processes this test started, by their own process group ids, and nothing else. */
export async function stopAll(procs: Proc[]) {
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.pid)
      try {
        process.kill(-p.child.pid, 'SIGTERM');
      } catch {
        /* gone already */
      }
  }
  await new Promise(r => setTimeout(r, 1500));
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.pid)
      try {
        process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
  }
}

export { until } from '../e2e/until';

/**
 * A small exporter of the kind an interface engine has: a counter of failed HL7 messages per
 * integration and a switch for the heartbeat rule, in the Prometheus text format.
 */
export function startExporter() {
  const state = { failed: 0, heartbeat: 1 };
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# HELP hl7_failed_messages_total HL7 messages the engine could not deliver.',
        '# TYPE hl7_failed_messages_total counter',
        `hl7_failed_messages_total{integration="${INTEGRATION_LABEL}",channel="orm-out"} ${state.failed}`,
        '# HELP hl7_heartbeat_enabled 1 while the alerting pipeline heartbeat should fire.',
        '# TYPE hl7_heartbeat_enabled gauge',
        `hl7_heartbeat_enabled ${state.heartbeat}`,
        '',
      ].join('\n'),
    );
  });
  server.listen(PORTS.exporter, '127.0.0.1');
  return { state, close: () => server.close() };
}

export interface Delivery {
  at: number;
  groupKey: string;
  alerts: Array<{ status: string; alertname: string; startsAt: string }>;
  status: number;
  response: any;
}

/**
 * A transparent relay between Alertmanager and the backend: forwards each webhook call as is
 * (body and Authorization header) and answers with the backend's status and body, and keeps a
 * record of what was delivered and what the plugin answered, for the assertions.
 */
export function startRelay() {
  const deliveries: Delivery[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let upstream: Response;
    try {
      upstream = await fetch(`${BACKEND}${req.url}`, {
        method: req.method,
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          ...(req.headers.authorization
            ? { authorization: req.headers.authorization }
            : {}),
        },
        body,
      });
    } catch (e) {
      // The backend is not listening (yet): a 5xx, which Alertmanager retries.
      res.statusCode = 503;
      res.end(String(e));
      return;
    }
    const text = await upstream.text();
    try {
      const payload = JSON.parse(body);
      deliveries.push({
        at: Date.now(),
        groupKey: payload.groupKey,
        alerts: (payload.alerts ?? []).map((a: any) => ({
          status: a.status,
          alertname: a.labels?.alertname,
          startsAt: a.startsAt,
        })),
        status: upstream.status,
        response: JSON.parse(text),
      });
    } catch {
      /* not JSON: kept out of the record, still relayed */
    }
    res.statusCode = upstream.status;
    res.setHeader(
      'content-type',
      upstream.headers.get('content-type') ?? 'application/json',
    );
    res.end(text);
  });
  server.listen(PORTS.relay, '127.0.0.1');
  return { deliveries, close: () => server.close() };
}

/** Prometheus and Alertmanager configuration, checked with promtool and amtool before use. */
export function writeAlertingConfig(dir: string, token: string) {
  const rules = join(dir, 'rules.yml');
  writeFileSync(
    rules,
    `groups:
  - name: hl7-engine
    interval: 1s
    rules:
      - alert: HL7FailedMessages
        expr: increase(hl7_failed_messages_total[5s]) > 0
        labels:
          severity: critical
          category: technical
        annotations:
          summary: 'HL7 messages failing on {{ $labels.channel }}'
          runbook_url: https://runbooks.example.org/hl7-failed-messages
      # The pipeline's heartbeat: fires as long as Prometheus evaluates rules.
      - alert: Watchdog
        expr: hl7_heartbeat_enabled == 1
        labels:
          severity: none
          integration: ${INTEGRATION_LABEL}
`,
  );
  const prometheus = join(dir, 'prometheus.yml');
  writeFileSync(
    prometheus,
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [${rules}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${PORTS.alertmanager}']
scrape_configs:
  - job_name: hl7-engine
    static_configs:
      - targets: ['127.0.0.1:${PORTS.exporter}']
`,
  );
  const alertmanager = join(dir, 'alertmanager.yml');
  writeFileSync(
    alertmanager,
    `route:
  receiver: backstage
  group_by: [alertname, integration]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4s
receivers:
  - name: backstage
    webhook_configs:
      - url: http://127.0.0.1:${PORTS.relay}/api/healthcare-integration/monitoring/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${token}
`,
  );
  for (const [tool, args] of [
    ['promtool', ['check', 'config', prometheus]],
    ['amtool', ['check-config', alertmanager]],
  ] as const) {
    const res = spawnSync(tool, [...args], { encoding: 'utf8' });
    if (res.status !== 0)
      throw new Error(`${tool} ${args.join(' ')}:\n${res.stdout}${res.stderr}`);
  }
  return { prometheus, alertmanager };
}
