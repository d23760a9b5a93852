/* eslint-disable no-console */
import { BACKEND, PORTS, until } from './components';
import type { startExporter, startRelay } from './components';

export const KIND = 'hl7-failed-messages';

export interface LifecycleContext {
  exporter: ReturnType<typeof startExporter>;
  relay: ReturnType<typeof startRelay>;
  /** The integration's monitoring summary, read as a participant. */
  summary: () => Promise<any>;
  /** Tokens of the requester (reads) and the technical owner (resolves). */
  priya: string;
  devOps: string;
  silenceHours: number;
  note: (step: string, detail: string) => void;
  check: (ok: unknown, message: string) => asserts ok;
}

/**
 * The lifecycle against the running components: heartbeat, fire, repeat, a person's resolve
 * while the alert still fires, recovery, re-fire, the heartbeat over the silence window and
 * without it, the audit trail. Returns the latencies and the trail it observed.
 */
export async function runLifecycle(ctx: LifecycleContext) {
  const { exporter, relay, summary, priya, devOps, note } = ctx;
  const check: LifecycleContext['check'] = ctx.check;
  const SILENCE_HOURS = ctx.silenceHours;
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
      const ex = s.exceptions.find((e: any) => e.reopenedFrom === first.ex.id);
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
      const ex = s.exceptions.find((e: any) => e.reopenedFrom === second.ex.id);
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
    .map((e: any) => `${e.action}#${ids.indexOf(e.subject) + 1} by ${e.actor}`);
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

  return { latencyFire, latencyRefire, trail };
}
