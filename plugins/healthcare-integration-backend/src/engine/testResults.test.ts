import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake, requireStatus } from '../testing/fixtures';

jest.setTimeout(90_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/**
 * Test results: only the test owner records them, and a result cites test evidence. An
 * insider's attempt is refused naming the rule and changes neither the matrix nor the audit.
 */
describe.each(databases.eachSupportedId())('test results on %s', databaseId => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startGovernanceBackend>>;
  const name = 'matrix-rules';
  const rec = `/integrations/default/${name}`;
  let specId = '';
  let reportId = '';
  const stored = async () => {
    const row = await knex('hip_integrations')
      .where({ entity_ref: `component:default/${name}` })
      .first();
    const test = await knex('hip_tests')
      .where({
        entity_ref: `component:default/${name}`,
        scenario: 'happy-path',
      })
      .first();
    return {
      auditSeq: Number(row.audit_seq),
      result: test.result,
      evidenceId: test.evidence_id,
      recordedBy: test.recorded_by,
    };
  };
  const upload = async (kind: string, title: string) => {
    const res = await api.as(USERS.requester).post(`${rec}/evidence`, {
      kind,
      title,
      mediaType: 'text/plain',
      contentBase64: base64(title),
    });
    requireStatus(res, 201, `upload ${kind}`);
    return res.body.id as string;
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    api = await startGovernanceBackend(knex);
    requireStatus(
      await api.as(USERS.requester).post('/integrations', intake(name)),
      201,
      'create the record',
    );
    specId = await upload('mapping-spec', 'Mapping spec v1');
    reportId = await upload('test-result', 'Happy path run');
  });

  it('refuses the requester, who does not hold the test owner role', async () => {
    const before = await stored();
    const res = await api.as(USERS.requester).put(`${rec}/tests/happy-path`, {
      result: 'passed',
      evidenceId: reportId,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/rule: test-owner-records-results/);
    expect(await stored()).toEqual(before);
  });

  it('refuses a pass that cites a mapping spec, even from the test owner', async () => {
    const before = await stored();
    const res = await api.as(USERS.tester).put(`${rec}/tests/happy-path`, {
      result: 'passed',
      evidenceId: specId,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /evidenceId.*Mapping specification.*rule: test-result-cites-test-evidence/,
    );
    expect(await stored()).toEqual(before);
  });

  it('records the test owner’s pass citing a test report', async () => {
    const before = await stored();
    const res = await api.as(USERS.tester).put(`${rec}/tests/happy-path`, {
      result: 'passed',
      evidenceId: reportId,
    });
    expect(res.status).toBe(200);
    expect(await stored()).toEqual({
      auditSeq: before.auditSeq + 1,
      result: 'passed',
      evidenceId: reportId,
      recordedBy: USERS.tester,
    });
  });
});
