import { createHash } from 'node:crypto';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS } from '../testing/fixtures';
import { intake } from '../testing/fixtures';
import { sample, sampleSpec } from './testSamples';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const sha = (b: Buffer | string) =>
  createHash('sha256').update(b).digest('hex');

describe.each(databases.eachSupportedId())(
  'mapping review API on %s',
  databaseId => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex);
    });

    const path = (name: string) => `/integrations/default/${name}`;
    const mapping = (name: string) => `${path(name)}/mapping`;
    const actions = async (name: string) =>
      (await api.as(USERS.requester).get(`${path(name)}/audit`)).body.items.map(
        (e: any) => e.action,
      );

    async function create(name: string) {
      expect(
        (await api.as(USERS.requester).post('/integrations', intake(name)))
          .status,
      ).toBe(201);
      expect(
        (
          await api
            .as(USERS.business)
            .post(`${path(name)}/gates/intake/decisions`, {
              decision: 'approve',
              comment: 'ok',
            })
        ).status,
      ).toBe(200);
    }
    const confirm = (name: string, row: string, who: string) =>
      api.as(who).post(`${mapping(name)}/rows/${row}/confirm`, {
        comment: 'means the same',
      });
    const approveGate = (name: string) =>
      api
        .as(USERS.clinical)
        .post(`${path(name)}/gates/mapping-review/decisions`, {
          decision: 'approve',
          comment: 'mapping ok',
        });

    it('validates a spec without a record (the scaffolder action calls this)', async () => {
      const ok = await api.as(USERS.requester).post('/mappings/validate', {
        spec: sample('mappings/ehr-lab-orders.yaml'),
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, errors: [] });
      const bad = await api
        .as(USERS.requester)
        .post('/mappings/validate', { spec: sampleSpec('broken') });
      expect(bad.status).toBe(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.errors).toContainEqual(
        expect.objectContaining({
          row: 'birth-date',
          path: 'Patient.birthdate',
          suggestion: 'Patient.birthDate',
        }),
      );
      expect(
        (await api.as(USERS.requester).post('/mappings/validate', {})).status,
      ).toBe(400);
    });

    it('refuses to store an invalid spec, naming row and path', async () => {
      await create('map-invalid');
      const res = await api
        .as(USERS.requester)
        .put(mapping('map-invalid'), { spec: sampleSpec('broken') });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('row last-update PID-33.9');
      expect(res.body.error.message).toContain(
        'row birth-date Patient.birthdate',
      );
      expect(res.body.error.message).toContain(
        'did you mean Patient.birthDate?',
      );
      expect(
        (await api.as(USERS.requester).get(mapping('map-invalid'))).status,
      ).toBe(404);
    });

    it('row sign-off drives the mapping-review gate; a changed row reopens it', async () => {
      const name = 'map-review';
      await create(name);
      const spec = sampleSpec('ehr-lab-orders');
      const put = await api
        .as(USERS.requester)
        .put(mapping(name), { spec, comment: 'first draft' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ version: 1, readyForApproval: false });
      expect(put.body.rows.every((r: any) => r.status === 'unconfirmed')).toBe(
        true,
      );
      // Same spec again: no new version.
      expect(
        (await api.as(USERS.requester).put(mapping(name), { spec })).body
          .version,
      ).toBe(1);

      // The spec is stored as mapping-spec evidence whose hash is the spec's.
      const status = (await api.as(USERS.requester).get(path(name))).body;
      const ev = status.evidence.find((e: any) => e.kind === 'mapping-spec');
      expect(ev.sha256).toBe(put.body.specHash);

      // Sign-off rules: the requester (and author) never; only the row's confirmBy role.
      expect(
        (await confirm(name, 'order-status', USERS.requester)).status,
      ).toBe(403);
      const wrongRole = await confirm(name, 'order-status', USERS.technical);
      expect(wrongRole.status).toBe(403);
      expect(wrongRole.body.error.message).toMatch(
        /confirmed by the processOwner/,
      );
      expect((await confirm(name, 'no-such-row', USERS.clinical)).status).toBe(
        404,
      );

      const clinicalRows = spec.rows
        .filter((r: any) => r.confirmBy === 'processOwner')
        .map((r: any) => r.id);
      const technicalRows = spec.rows
        .filter((r: any) => r.confirmBy === 'technicalOwner')
        .map((r: any) => r.id);
      for (const row of clinicalRows)
        expect((await confirm(name, row, USERS.clinical)).status).toBe(200);
      expect(
        (await confirm(name, clinicalRows[0], USERS.clinical)).status,
      ).toBe(409);

      // Not every row confirmed: approval refused with the rows named.
      const early = await approveGate(name);
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain(
        `mapping rows not confirmed: ${technicalRows.join(', ')}`,
      );
      const blocked = (
        await api.as(USERS.requester).get(path(name))
      ).body.gates.find((g: any) => g.id === 'mapping-review');
      expect(blocked.blockers.join()).toContain('mapping rows not confirmed');

      // A dispute needs a comment, and blocks too.
      expect(
        (
          await api
            .as(USERS.technical)
            .post(`${mapping(name)}/rows/${technicalRows[0]}/dispute`, {})
        ).status,
      ).toBe(400);
      const disputed = await api
        .as(USERS.technical)
        .post(`${mapping(name)}/rows/${technicalRows[0]}/dispute`, {
          comment: 'ORC-2 is the filler number here',
        });
      expect(disputed.status).toBe(200);
      expect(
        disputed.body.rows.find((r: any) => r.id === technicalRows[0]).status,
      ).toBe('disputed');
      expect((await approveGate(name)).body.error.message).toContain(
        `${technicalRows[0]} (disputed by ${USERS.technical})`,
      );

      for (const row of technicalRows)
        expect((await confirm(name, row, USERS.technical)).status).toBe(200);
      const review = (await api.as(USERS.requester).get(mapping(name))).body;
      expect(review.readyForApproval).toBe(true);
      const approved = await approveGate(name);
      expect(approved.status).toBe(200);
      expect(
        approved.body.gates.find((g: any) => g.id === 'mapping-review').status,
      ).toBe('approved');

      // Change one row: its sign-off goes stale, the others stand, the gate reopens.
      const changed = JSON.parse(JSON.stringify(spec));
      changed.rows.find((r: any) => r.id === 'priority').transform.table.S =
        'urgent';
      const v2 = await api
        .as(USERS.requester)
        .put(mapping(name), { spec: changed });
      expect(v2.status).toBe(200);
      expect(v2.body.version).toBe(2);
      const priority = v2.body.rows.find((r: any) => r.id === 'priority');
      expect(priority.status).toBe('unconfirmed');
      expect(priority.history[priority.history.length - 1]).toMatchObject({
        status: 'confirmed',
        stale: true,
      });
      expect(
        v2.body.rows.filter((r: any) => r.status === 'confirmed'),
      ).toHaveLength(spec.rows.length - 1);
      const gate = (
        await api.as(USERS.requester).get(path(name))
      ).body.gates.find((g: any) => g.id === 'mapping-review');
      expect(gate.status).toBe('reopened');
      expect(gate.reopenReason).toMatch(
        /approval stale: a new Mapping specification was uploaded/,
      );
      const trail = await actions(name);
      expect(trail).toEqual(
        expect.arrayContaining([
          'mapping.version.stored',
          'mapping.row.confirmed',
          'mapping.row.disputed',
          'mapping.confirmations.stale',
          'gate.reopened',
        ]),
      );
      expect((await approveGate(name)).status).toBe(409);
      expect((await confirm(name, 'priority', USERS.clinical)).status).toBe(
        200,
      );
      expect((await approveGate(name)).status).toBe(200);
      expect(
        (await api.as(USERS.requester).get(`${path(name)}/audit/verify`)).body
          .ok,
      ).toBe(true);
    });

    it('refuses sign-off by the author of the mapping version even when they hold the row role', async () => {
      const name = 'map-sod';
      await create(name);
      const spec = sampleSpec('ehr-lab-orders');
      // The technical owner writes the mapping, then tries to confirm one of their own rows.
      expect(
        (await api.as(USERS.technical).put(mapping(name), { spec })).status,
      ).toBe(200);
      const technicalRow = spec.rows.find(
        (r: any) => r.confirmBy === 'technicalOwner',
      ).id;
      const own = await confirm(name, technicalRow, USERS.technical);
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(
        /Segregation of duties: .* wrote this mapping version/,
      );
    });

    it('runs samples: the report becomes test-result evidence and the scenario result', async () => {
      const name = 'map-run';
      await create(name);
      expect(
        (
          await api.as(USERS.requester).post(`${mapping(name)}/run`, {
            message: 'x',
            format: 'hl7v2',
            scenario: 'happy-path',
          })
        ).status,
      ).toBe(409);
      await api
        .as(USERS.requester)
        .put(mapping(name), { spec: sampleSpec('ehr-lab-orders') });

      const happy = await api.as(USERS.tester).post(`${mapping(name)}/run`, {
        message: sample('hl7v2/orm-o01.hl7'),
        format: 'hl7v2',
        scenario: 'happy-path',
      });
      expect(happy.status).toBe(200);
      expect(happy.body.report).toMatchObject({
        result: 'passed',
        scenario: 'happy-path',
        mappingVersion: 1,
      });
      expect(happy.body.report.inputSha256).toBe(
        sha(sample('hl7v2/orm-o01.hl7')),
      );
      const content = await api
        .as(USERS.tester)
        .get(`${path(name)}/evidence/${happy.body.evidenceId}/content`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(sha(content.body)).toBe(happy.body.sha256);
      expect(content.headers['x-content-sha256']).toBe(happy.body.sha256);
      expect(
        JSON.parse(content.body.toString('utf8')).output.resourceType,
      ).toBe('ServiceRequest');

      const missing = await api.as(USERS.tester).post(`${mapping(name)}/run`, {
        message: sample('hl7v2/orm-o01-missing-data.hl7'),
        format: 'hl7v2',
        scenario: 'missing-data',
      });
      expect(missing.body.report.result).toBe('passed');
      expect(
        missing.body.report.rows
          .filter((r: any) => r.outcome === 'missing-required')
          .map((r: any) => r.row),
      ).toEqual(['patient-mrn', 'test-code']);
      // The complete sample has no missing data: as a missing-data test it fails.
      const wrong = await api.as(USERS.tester).post(`${mapping(name)}/run`, {
        message: sample('hl7v2/orm-o01.hl7'),
        format: 'hl7v2',
        scenario: 'missing-data',
      });
      expect(wrong.body.report.result).toBe('failed');

      const status = (await api.as(USERS.tester).get(path(name))).body;
      const test = (s: string) =>
        status.tests.find((t: any) => t.scenario === s);
      expect(test('happy-path')).toMatchObject({
        result: 'passed',
        evidenceId: happy.body.evidenceId,
      });
      expect(test('missing-data')).toMatchObject({
        result: 'failed',
        evidenceId: wrong.body.evidenceId,
      });
      const evidence = status.evidence.find(
        (e: any) => e.id === happy.body.evidenceId,
      );
      expect(evidence).toMatchObject({
        kind: 'test-result',
        sha256: happy.body.sha256,
      });
      expect(await actions(name)).toEqual(
        expect.arrayContaining(['mapping.run', 'test.recorded']),
      );

      // The requester may run the sample too: the report is kept as test evidence, but the
      // scenario's result stays the test owner's (rule: test-owner-records-results).
      const byRequester = await api
        .as(USERS.requester)
        .post(`${mapping(name)}/run`, {
          message: sample('hl7v2/orm-o01-missing-data.hl7'),
          format: 'hl7v2',
          scenario: 'happy-path',
        });
      expect(byRequester.status).toBe(200);
      expect(byRequester.body.report.result).toBe('failed');
      const after = (await api.as(USERS.tester).get(path(name))).body;
      expect(
        after.tests.find((t: any) => t.scenario === 'happy-path'),
      ).toMatchObject({ result: 'passed', evidenceId: happy.body.evidenceId });
      expect(
        after.evidence.find((e: any) => e.id === byRequester.body.evidenceId),
      ).toMatchObject({ kind: 'test-result' });

      const badSample = await api
        .as(USERS.tester)
        .post(`${mapping(name)}/run`, {
          message: '{}',
          format: 'fhir-json',
          scenario: 'happy-path',
        });
      expect(badSample.status).toBe(400);
      expect(badSample.body.error.message).toMatch(/^Invalid format/);
    });

    it('the mapping routes are in the OpenAPI document', async () => {
      const doc = (await api.as(USERS.requester).get('/openapi.json')).body;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/mappings/validate',
          '/integrations/{namespace}/{name}/mapping',
          '/integrations/{namespace}/{name}/mapping/rows/{rowId}/confirm',
          '/integrations/{namespace}/{name}/mapping/run',
        ]),
      );
    });
  },
);
