import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { USERS } from '../testing/fixtures';
import { startMonitoring, webhook } from '../testing/alertTestKit';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const MINUTE = 60_000;
const FP = '5f3c2a1b9d8e7f60';
const STARTS = '2026-12-01T09:58:00.000Z';

const failing = (over: Record<string, unknown> = {}) => ({
  labels: {
    alertname: 'HL7FailedMessages',
    integration: 'lab-orders',
    severity: 'critical',
  },
  annotations: {
    summary: 'Failed HL7 messages on lab-orders',
    runbook_url: 'https://runbooks.example.org/hl7-failed',
  },
  startsAt: STARTS,
  fingerprint: FP,
  generatorURL: 'http://prometheus.local:9090/graph?g0.expr=hl7',
  ...over,
});

describe.each(databases.eachSupportedId())(
  'alert lifecycle on %s',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('fires, repeats as a signal, recovers, waits for the routed role, and re-fires as a new occurrence', async () => {
      // Technical exceptions wait for their owner in this policy (no auto-resolve).
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: {} } },
      });
      const ref = await kit.record('lab-orders');

      const fired = await kit.monitoring.ingestAlertmanager(
        webhook([failing()]),
      );
      expect(fired).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
      let [ex] = await kit.exceptions(ref);
      expect(ex).toMatchObject({
        kind: 'hl7-failed-messages',
        severity: 'critical',
        status: 'open',
        count: 1,
        routed_role: 'technicalOwner',
      });
      expect(JSON.parse(ex.links)).toEqual({
        source: 'alertmanager:backstage',
        generatorURL: 'http://prometheus.local:9090/graph?g0.expr=hl7',
        alertmanagerURL: 'http://alertmanager.local:9093',
        runbookURL: 'https://runbooks.example.org/hl7-failed',
        fingerprint: FP,
      });
      expect((await kit.monitoring.summary(ref)).health).toBe('down');

      // Alertmanager's repeat_interval: the same alert again. Not counted, but a signal.
      kit.advance(5 * MINUTE);
      const repeat = await kit.monitoring.ingestAlertmanager(
        webhook([failing()]),
      );
      expect(repeat).toMatchObject({ accepted: 0, duplicates: 1 });
      [ex] = await kit.exceptions(ref);
      expect(Number(ex.count)).toBe(1);
      expect((await kit.monitoring.summary(ref)).lastSignalAt).toBe(
        '2026-12-01T10:05:00.000Z',
      );

      // Resolved at the source: recovered (time and source), health no longer counts it.
      kit.advance(MINUTE);
      const resolved = await kit.monitoring.ingestAlertmanager(
        webhook([
          failing({ status: 'resolved', endsAt: '2026-12-01T10:05:30.000Z' }),
        ]),
      );
      expect(resolved.recovered).toBe(1);
      [ex] = await kit.exceptions(ref);
      expect(ex).toMatchObject({
        status: 'open',
        recovered_at: '2026-12-01T10:05:30.000Z',
        recovered_by: 'alertmanager:backstage',
      });
      const summary = await kit.monitoring.summary(ref);
      expect(summary.health).toBe('healthy');
      expect(summary.exceptions[0]).toMatchObject({
        recoveredAt: '2026-12-01T10:05:30.000Z',
        recoveredBy: 'alertmanager:backstage',
      });
      // A second delivery of the same resolve changes nothing and is not audited again.
      await kit.monitoring.ingestAlertmanager(
        webhook([
          failing({ status: 'resolved', endsAt: '2026-12-01T10:05:30.000Z' }),
        ]),
      );

      // The routed role closes it.
      await kit.monitoring.transition(ref, ex.id, 'resolved', {
        ref: USERS.technical,
        isUser: true,
      });

      // The same alert fires again (Prometheus keeps startsAt while it fires): a new occurrence.
      kit.advance(MINUTE);
      const refired = await kit.monitoring.ingestAlertmanager(
        webhook([failing()]),
      );
      expect(refired).toMatchObject({ accepted: 1, reopened: 1 });
      const all = await kit.exceptions(ref);
      expect(all).toHaveLength(2);
      const again = all.find(e => e.id !== ex.id)!;
      expect(again).toMatchObject({
        status: 'open',
        reopened_from: ex.id,
        count: 1,
      });
      expect((await kit.monitoring.summary(ref)).health).toBe('down');
      // ... and its repeats are repeats again, not more occurrences.
      kit.advance(MINUTE);
      expect(
        await kit.monitoring.ingestAlertmanager(webhook([failing()])),
      ).toMatchObject({ accepted: 0, duplicates: 1, reopened: 0 });
      expect(await kit.exceptions(ref)).toHaveLength(2);

      const actions = (await kit.auditLog.read(ref))
        .filter(e => e.action.startsWith('exception.'))
        .map(e => `${e.action} ${e.subject === ex.id ? 'first' : 'second'}`);
      expect(actions).toEqual([
        'exception.opened first',
        'exception.recovered first',
        'exception.resolved first',
        'exception.opened second',
      ]);
      const opened = (await kit.auditLog.read(ref)).find(
        e => e.action === 'exception.opened' && e.subject === again.id,
      )!;
      expect(opened.payload).toMatchObject({ reopenedFrom: ex.id });
      expect(await kit.binding(ref)).toEqual([]);
    });

    it('audits a recovery and its withdrawal when the alert fires again, so the chain binds both', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: {} } },
      });
      const ref = await kit.record('lab-orders');
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      kit.advance(MINUTE);
      await kit.monitoring.ingestAlertmanager(
        webhook([
          failing({ status: 'resolved', endsAt: '2026-12-01T10:00:30.000Z' }),
        ]),
      );
      const [ex] = await kit.exceptions(ref);
      expect(ex.recovered_at).toBe('2026-12-01T10:00:30.000Z');
      expect(await kit.binding(ref)).toEqual([]);

      // Someone with database access marks it recovered at another time: the chain disagrees.
      await knex('hip_exceptions')
        .where({ id: ex.id })
        .update({ recovered_at: '2026-12-01T09:00:00.000Z' });
      expect((await kit.binding(ref)).map(d => d.field)).toEqual([
        `exceptions[${ex.id}].recoveredAt`,
      ]);
      await knex('hip_exceptions')
        .where({ id: ex.id })
        .update({ recovered_at: '2026-12-01T10:00:30.000Z' });

      // Firing again before anyone resolved it: no longer recovered, and the chain says so.
      kit.advance(MINUTE);
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      const [after] = await kit.exceptions(ref);
      expect(after).toMatchObject({
        id: ex.id,
        recovered_at: null,
        recovered_by: null,
      });
      const events = (await kit.auditLog.read(ref)).filter(e =>
        e.action.startsWith('exception.'),
      );
      expect(events.map(e => e.action)).toEqual([
        'exception.opened',
        'exception.recovered',
        'exception.refired',
      ]);
      expect(events[2]).toMatchObject({
        actor: 'monitoring:alertmanager:backstage',
        subject: ex.id,
      });
      expect(await kit.binding(ref)).toEqual([]);

      // A recovery put back by hand, with no event, is told apart too.
      await knex('hip_exceptions').where({ id: ex.id }).update({
        recovered_at: '2026-12-01T10:00:30.000Z',
        recovered_by: 'alertmanager:backstage',
      });
      expect((await kit.binding(ref)).map(d => d.field).sort()).toEqual([
        `exceptions[${ex.id}].recoveredAt`,
        `exceptions[${ex.id}].recoveredBy`,
      ]);
    });

    it('auto-resolves a recovered exception after the quiet period the policy sets, and not before', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: { technical: 15 } } },
      });
      const ref = await kit.record('lab-orders');
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      kit.advance(MINUTE);
      await kit.monitoring.ingestAlertmanager(
        webhook([
          failing({ status: 'resolved', endsAt: '2026-12-01T10:01:00.000Z' }),
        ]),
      );
      kit.advance(14 * MINUTE); // 10:15, 14 minutes after recovery
      expect(await kit.monitoring.autoResolveRecovered()).toBe(0);
      kit.advance(MINUTE + 1000); // past 15 minutes
      expect(await kit.monitoring.autoResolveRecovered()).toBe(1);
      expect(await kit.monitoring.autoResolveRecovered()).toBe(0);
      const [ex] = await kit.exceptions(ref);
      expect(ex).toMatchObject({
        status: 'resolved',
        resolved_by: 'monitoring:auto-resolve',
        resolved_at: '2026-12-01T10:16:01.000Z',
      });
      // A new firing after the auto-resolve is a new occurrence linked to it.
      kit.advance(MINUTE);
      const next = await kit.monitoring.ingestAlertmanager(
        webhook([failing({ startsAt: '2026-12-01T10:17:00.000Z' })]),
      );
      expect(next).toMatchObject({ accepted: 1, reopened: 1 });
      expect(
        (await kit.exceptions(ref)).find(e => e.status === 'open'),
      ).toMatchObject({ reopened_from: ex.id });
      expect(await kit.binding(ref)).toEqual([]);
    });

    it('lets a new firing during the quiet period cancel the recovery', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: { technical: 15 } } },
      });
      const ref = await kit.record('lab-orders');
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      await kit.monitoring.ingestAlertmanager(
        webhook([failing({ status: 'resolved' })]),
      );
      kit.advance(5 * MINUTE);
      await kit.monitoring.ingestAlertmanager(
        webhook([failing({ startsAt: '2026-12-01T10:04:00.000Z' })]),
      );
      const [ex] = await kit.exceptions(ref);
      expect(ex).toMatchObject({ status: 'open', recovered_at: null });
      expect(Number(ex.count)).toBe(2);
      kit.advance(60 * MINUTE);
      expect(await kit.monitoring.autoResolveRecovered()).toBe(0);
      expect((await kit.monitoring.summary(ref)).health).toBe('down');
    });

    it('resolves at once when the quiet period is 0, audited so that the chain and tables agree', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: { technical: 0 } } },
      });
      const ref = await kit.record('lab-orders');
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      kit.advance(MINUTE);
      await kit.monitoring.ingestAlertmanager(
        webhook([failing({ status: 'resolved' })]),
      );
      const [ex] = await kit.exceptions(ref);
      expect(ex).toMatchObject({
        status: 'resolved',
        resolved_by: 'monitoring:auto-resolve',
        resolved_at: '2026-12-01T10:01:00.000Z',
      });
      expect(await kit.binding(ref)).toEqual([]);
    });

    it('counts a heartbeat (Watchdog) delivery as a signal only, so health stays known while it repeats', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { silenceWindowHours: 1 } },
      });
      const ref = await kit.record('lab-orders');
      const watchdog = webhook([
        {
          labels: {
            alertname: 'Watchdog',
            integration: 'lab-orders',
            severity: 'none',
          },
          startsAt: '2026-12-01T09:00:00.000Z',
          fingerprint: 'aaaa',
        },
      ]);
      for (let i = 0; i < 6; i++) {
        expect(await kit.monitoring.ingestAlertmanager(watchdog)).toMatchObject(
          { accepted: 0, heartbeats: 1, rejected: [] },
        );
        kit.advance(20 * MINUTE);
      }
      // Two hours of heartbeats, an hour's silence window: still healthy, no exception.
      const summary = await kit.monitoring.summary(ref);
      expect(summary).toMatchObject({
        health: 'healthy',
        lastSignalAt: '2026-12-01T11:40:00.000Z',
      });
      expect(await kit.exceptions(ref)).toEqual([]);
      kit.advance(61 * MINUTE);
      expect((await kit.monitoring.summary(ref)).health).toBe('unknown');
    });

    it('opens the re-fire once when two instances receive the same repeat after a resolve', async () => {
      const kit = await startMonitoring(knex, {
        policy: { monitoring: { autoResolveAfterMinutes: {} } },
      });
      const ref = await kit.record('lab-orders');
      await kit.monitoring.ingestAlertmanager(webhook([failing()]));
      const [ex] = await kit.exceptions(ref);
      await kit.monitoring.transition(ref, ex.id, 'resolved', {
        ref: USERS.technical,
        isUser: true,
      });
      kit.advance(MINUTE);
      const a = kit.instance();
      const b = kit.instance();
      const results = await Promise.all([
        a.ingestAlertmanager(webhook([failing()])),
        b.ingestAlertmanager(webhook([failing()])),
        a.ingestAlertmanager(webhook([failing()])),
        b.ingestAlertmanager(webhook([failing()])),
      ]);
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(1);
      const open = (await kit.exceptions(ref)).filter(e => e.status === 'open');
      expect(open).toHaveLength(1);
      expect(Number(open[0].count)).toBe(1);
      // And a resolve delivered to both marks the recovery once.
      await Promise.all([
        a.ingestAlertmanager(webhook([failing({ status: 'resolved' })])),
        b.ingestAlertmanager(webhook([failing({ status: 'resolved' })])),
      ]);
      const recoveries = (await kit.auditLog.read(ref)).filter(
        e => e.action === 'exception.recovered' && e.subject === open[0].id,
      );
      expect(recoveries).toHaveLength(1);
      expect((await kit.engine.verifyAudit(ref)).ok).toBe(true);
    });
  },
);
