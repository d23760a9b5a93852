import { TestDatabases } from '@backstage/backend-test-utils';
import { startGovernanceBackend, base64 } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { recordFigure } from './harness/instances';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'], disableDocker: true });

describe.each(databases.eachSupportedId())('tampering with the audit table on %s', databaseId => {
  it('is reported at the exact sequence number, for an edit and for a deletion', async () => {
    const knex = await databases.init(databaseId);
    const api = await startGovernanceBackend(knex);
    await api.as(USERS.requester).post('/integrations', intake('tamper-target'));
    for (let i = 0; i < 30; i++) {
      await api.as(USERS.requester).post('/integrations/default/tamper-target/evidence', {
        kind: 'other', title: `e${i}`, contentBase64: base64(`e${i}`),
      });
    }
    const ref = 'component:default/tamper-target';
    const verify = async () => (await api.as(USERS.compliance).get('/integrations/default/tamper-target/audit/verify')).body;
    expect((await verify()).ok).toBe(true);

    await knex('hip_audit_events').where({ entity_ref: ref, seq: 17 }).update({ payload: '{"kind":"other","title":"forged"}' });
    const edited = await verify();
    recordFigure(`tamper (${databaseId})`, 'edited row 17 reported at', edited.firstBrokenSeq, edited.firstBrokenSeq === 17 ? 'pass' : 'fail');
    expect(edited).toMatchObject({ ok: false, firstBrokenSeq: 17 });

    await knex('hip_audit_events').where({ entity_ref: ref }).where('seq', '>=', 17).delete();
    const truncated = await verify();
    recordFigure(`tamper (${databaseId})`, 'rows 17..31 deleted, reported at', truncated.firstBrokenSeq, truncated.firstBrokenSeq === 17 ? 'pass' : 'fail');
    expect(truncated).toMatchObject({ ok: false, firstBrokenSeq: 17 });

    await knex('hip_audit_events').where({ entity_ref: ref, seq: 9 }).delete();
    const gap = await verify();
    recordFigure(`tamper (${databaseId})`, 'row 9 deleted, reported at', gap.firstBrokenSeq, gap.firstBrokenSeq === 9 ? 'pass' : 'fail');
    expect(gap).toMatchObject({ ok: false, firstBrokenSeq: 9 });
  });
});
