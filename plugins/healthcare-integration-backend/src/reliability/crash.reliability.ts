import { TEST_SCENARIOS } from '@hcig/backstage-plugin-healthcare-integration-common';
import { verifyChain } from '../database/auditChain';
import { toAuditEvent } from '../database/rows';
import { base64 } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import {
  PG_URL,
  call,
  createPgDatabase,
  recordFigure,
  startInstance,
} from './harness/instances';

jest.setTimeout(180_000);
const describeWithPg = PG_URL ? describe : describe.skip;

describeWithPg('a backend killed with SIGKILL mid-write', () => {
  it('restarts with no half-written record and every chain verifying', async () => {
    const db = await createPgDatabase();
    try {
      let instance = await startInstance(db.url);
      const names = ['crash-a', 'crash-b', 'crash-c'];
      for (const n of names) {
        expect(
          (
            await call(
              instance.base,
              USERS.requester,
              'POST',
              '/integrations',
              intake(n),
            )
          ).status,
        ).toBe(201);
      }
      let running = true;
      let sent = 0;
      const load = async (worker: number) => {
        let i = 0;
        while (running) {
          const n = names[(worker + i) % names.length];
          const base = instance.base;
          i++;
          const run = i;
          sent++;
          const jobs = [
            call(
              base,
              USERS.requester,
              'POST',
              `/integrations/default/${n}/evidence`,
              {
                kind: 'test-result',
                title: `r${worker}-${run}`,
                contentBase64: base64(`report ${worker} ${run}`),
              },
            ),
            call(base, 'service', 'POST', '/monitoring/events', {
              events: Array.from({ length: 20 }, (_, k) => ({
                integrationRef: `component:default/${n}`,
                category: 'technical',
                kind: `kind-${k % 3}`,
                occurredAt: new Date().toISOString(),
                source: 'crash-test',
                dedupKey: `crash-${worker}-${run}-${k}`,
                count: 1,
              })),
            }),
            call(
              base,
              USERS.tester,
              'PUT',
              `/integrations/default/${n}/tests/${TEST_SCENARIOS[run % 7]}`,
              { result: 'failed', notes: `run ${run}` },
            ),
          ];
          await Promise.allSettled(jobs);
        }
      };
      const workers = [0, 1, 2, 3].map(w => load(w).catch(() => {}));
      await new Promise(r => setTimeout(r, 2500));
      await instance.stop('SIGKILL');
      running = false;
      await Promise.all(workers);

      instance = await startInstance(db.url);
      const problems: string[] = [];
      for (const n of names) {
        const ref = `component:default/${n}`;
        const verify = await call(
          instance.base,
          USERS.compliance,
          'GET',
          `/integrations/default/${n}/audit/verify`,
        );
        if (!verify.body.ok)
          problems.push(`${n}: chain broken at ${verify.body.firstBrokenSeq}`);
        const events = (
          await db
            .knex('hip_audit_events')
            .where({ entity_ref: ref })
            .orderBy('seq')
        ).map(toAuditEvent);
        const record = await db
          .knex('hip_integrations')
          .where({ entity_ref: ref })
          .first();
        if (
          !verifyChain(ref, events, {
            seq: record.audit_seq,
            hash: record.audit_head,
          }).ok
        )
          problems.push(`${n}: head mismatch`);
        const chained = new Map(
          events
            .filter(e => e.action === 'evidence.uploaded')
            .map(e => [e.subject, e.payload.sha256]),
        );
        for (const ev of await db
          .knex('hip_evidence')
          .where({ entity_ref: ref })) {
          if (chained.get(ev.id) !== ev.sha256)
            problems.push(`${n}: evidence ${ev.id} without its audit event`);
        }
        const tests = events.filter(e => e.action === 'test.recorded').length;
        const recorded = await db
          .knex('hip_tests')
          .where({ entity_ref: ref })
          .whereNotNull('recorded_at');
        if (recorded.length && !tests)
          problems.push(`${n}: test results without audit events`);
        const exceptions = await db
          .knex('hip_exceptions')
          .where({ entity_ref: ref });
        for (const ex of exceptions) {
          const [{ n: total }] = await db
            .knex('hip_monitoring_events')
            .where({ entity_ref: ref, category: ex.category, kind: ex.kind })
            .sum({ n: 'count' });
          if (Number(total) !== Number(ex.count))
            problems.push(
              `${n}: exception ${ex.kind} counts ${ex.count}, events sum ${total}`,
            );
        }
      }
      const evidence = Number(
        (await db.knex('hip_evidence').count({ n: '*' }))[0].n,
      );
      const monitoringEvents = Number(
        (await db.knex('hip_monitoring_events').count({ n: '*' }))[0].n,
      );
      recordFigure('crash', 'requests sent before SIGKILL', sent, 'pass');
      recordFigure(
        'crash',
        'evidence / monitoring events stored before the kill',
        `${evidence} / ${monitoringEvents}`,
        evidence > 0 ? 'pass' : 'fail',
      );
      recordFigure(
        'crash',
        'half-written records or broken chains after restart',
        problems.length,
        problems.length ? 'fail' : 'pass',
      );
      expect(problems).toEqual([]);
      expect(evidence).toBeGreaterThan(0);
      await instance.stop();
    } finally {
      await db.drop();
    }
  });
});
