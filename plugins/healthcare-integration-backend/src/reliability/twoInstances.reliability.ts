import { base64 } from '../testing/testBackend';
import { ROLE_HOLDERS, USERS, requireStatus } from '../testing/fixtures';
import { COMPLIANCE_REVIEWERS, SECURITY_REVIEWERS } from './harness/org';
import {
  Instance,
  PG_URL,
  call,
  createPgDatabase,
  recordFigure,
  startInstance,
} from './harness/instances';

jest.setTimeout(180_000);

const describeWithPg = PG_URL ? describe : describe.skip;
if (!PG_URL) {
  // eslint-disable-next-line no-console
  console.warn(
    'two-instance checks need BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (.ci/run sets it)',
  );
}

describeWithPg('two backend instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  let a: Instance;
  let b: Instance;
  const ref = 'component:default/concurrent';
  const rec = '/integrations/default/concurrent';

  beforeAll(async () => {
    db = await createPgDatabase();
    a = await startInstance(db.url);
    b = await startInstance(db.url);
    const created = await call(
      a.base,
      USERS.requester,
      'POST',
      '/integrations',
      {
        name: 'concurrent',
        title: 'Concurrency target',
        profile: {
          phi: true,
          externalVendor: false,
          patientFacing: false,
          dataClasses: ['lab-results'],
          messageTypes: ['ORU^R01'],
          sourceSystem: 'component:default/sunquest-lis',
          destinationSystem: 'component:default/epic-ehr',
          patientPopulation: 'All lab patients',
          businessReason: 'Results back into the chart',
          urgency: 'high',
        },
        roles: ROLE_HOLDERS,
      },
    );
    requireStatus(created, 201, 'intake concurrent');
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('applies exactly one decision per reviewer role out of 50 concurrent ones', async () => {
    const reviewers = SECURITY_REVIEWERS.flatMap((s, i) => [
      s,
      COMPLIANCE_REVIEWERS[i],
    ]);
    const results = await Promise.all(
      reviewers.map((who, i) =>
        call(
          i % 2 ? a.base : b.base,
          who,
          'POST',
          `${rec}/gates/dual-review/decisions`,
          {
            decision: 'approve',
            comment: `approved by ${who}`,
          },
        ),
      ),
    );
    const statuses = results.map(r => r.status);
    const ok = statuses.filter(s => s === 200).length;
    const serverErrors = statuses.filter(s => s >= 500).length;
    const decisions = await db
      .knex('hip_gate_decisions')
      .where({ entity_ref: ref, gate_id: 'dual-review', stale: false });
    recordFigure(
      'two instances',
      'decisions applied of 50 concurrent (expect 2)',
      decisions.length,
      decisions.length === 2 ? 'pass' : 'fail',
    );
    recordFigure(
      'two instances',
      '5xx answers to concurrent decisions',
      serverErrors,
      serverErrors === 0 ? 'pass' : 'fail',
    );
    expect(serverErrors).toBe(0);
    expect(ok).toBe(2);
    expect(decisions.map(d => d.role).sort()).toEqual([
      'complianceReviewer',
      'securityReviewer',
    ]);
    const gate = await db
      .knex('hip_gates')
      .where({ entity_ref: ref, gate_id: 'dual-review' })
      .first();
    expect(gate.status).toBe('approved');
  });

  it('keeps all 50 concurrent evidence uploads and a verifying chain', async () => {
    const before = await db
      .knex('hip_evidence')
      .where({ entity_ref: ref })
      .count({ n: '*' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(
          i % 2 ? a.base : b.base,
          USERS.requester,
          'POST',
          `${rec}/evidence`,
          {
            kind: 'other',
            title: `upload ${i}`,
            contentBase64: base64(`evidence body ${i} ${'x'.repeat(1000)}`),
          },
        ),
      ),
    );
    const stored =
      Number(
        (
          await db
            .knex('hip_evidence')
            .where({ entity_ref: ref })
            .count({ n: '*' })
        )[0].n,
      ) - Number(before[0].n);
    recordFigure(
      'two instances',
      'evidence uploads stored of 50 concurrent',
      stored,
      stored === 50 ? 'pass' : 'fail',
    );
    expect(results.filter(r => r.status !== 201)).toEqual([]);
    expect(stored).toBe(50);
    const verify = await call(
      b.base,
      USERS.compliance,
      'GET',
      `${rec}/audit/verify`,
    );
    recordFigure(
      'two instances',
      'audit chain after concurrent writes',
      verify.body.ok
        ? `ok (${verify.body.events} events)`
        : `broken at ${verify.body.firstBrokenSeq}`,
      verify.body.ok ? 'pass' : 'fail',
    );
    expect(verify.body).toMatchObject({ ok: true });
    const uploads = await db
      .knex('hip_audit_events')
      .where({ entity_ref: ref, action: 'evidence.uploaded' })
      .count({ n: '*' });
    expect(Number(uploads[0].n)).toBe(50);
  });
});
