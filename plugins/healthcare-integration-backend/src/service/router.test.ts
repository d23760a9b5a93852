import { createHash } from 'node:crypto';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { TEST_SCENARIOS } from '@hcig/backstage-plugin-healthcare-integration-common';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { ROUTES } from '../schema/routes';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { verifyEvidencePack } from '../audit/verifyEvidencePack';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(databases.eachSupportedId())(
  'healthcare-integration API on %s',
  databaseId => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startGovernanceBackend>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex);
    });

    const path = (name: string) => `/integrations/default/${name}`;
    const auditCount = async () =>
      Number((await knex('hip_audit_events').count({ n: '*' }))[0].n);

    async function create(name: string, profile = {}) {
      const res = await api
        .as(USERS.requester)
        .post('/integrations', intake(name, profile));
      expect(res.status).toBe(201);
      return res.body;
    }
    async function upload(
      name: string,
      kind: string,
      text: string,
      extra = {},
    ) {
      const res = await api.as(USERS.requester).post(`${path(name)}/evidence`, {
        kind,
        title: `${kind} doc`,
        contentBase64: base64(text),
        ...extra,
      });
      expect(res.status).toBe(201);
      return res.body;
    }
    const decide = (
      name: string,
      gate: string,
      who: string,
      decision = 'approve',
    ) =>
      api.as(who).post(`${path(name)}/gates/${gate}/decisions`, {
        decision,
        comment: `${decision} by ${who}`,
      });
    const gateOf = (status: any, id: string) =>
      status.gates.find((g: any) => g.id === id);
    /** The tables are what the chain's events replay to (the binding half of /audit/verify). */
    async function expectBound(name: string) {
      const verify = await api
        .as(USERS.compliance)
        .get(`${path(name)}/audit/verify`);
      expect(verify.body.binding.differences).toEqual([]);
      expect(verify.body).toMatchObject({
        ok: true,
        chain: { ok: true },
        binding: { ok: true },
      });
    }

    /** A one-row mapping spec, stored by the technical owner and confirmed by the process owner. */
    async function storeConfirmedMapping(name: string) {
      const spec = {
        apiVersion: 'healthcare-integration/v1',
        kind: 'MappingSpec',
        source: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A01' },
        destination: {
          standard: 'custom',
          layout: 'bed-board',
          columns: ['mrn'],
        },
        rows: [
          {
            id: 'patient-mrn',
            source: 'PID-3.1',
            destination: 'mrn',
            required: true,
            phiClass: 'demographics',
            meaning: 'Medical record number assigned by the hospital',
            confirmBy: 'processOwner',
          },
        ],
      };
      const put = await api
        .as(USERS.technical)
        .put(`${path(name)}/mapping`, { spec });
      expect(put.status).toBe(200);
      const confirm = await api
        .as(USERS.clinical)
        .post(`${path(name)}/mapping/rows/patient-mrn/confirm`, {});
      expect(confirm.status).toBe(200);
    }

    /** Walks a non-PHI integration through every gate to live, as the real people would. */
    async function driveToLive(name: string) {
      await create(name);
      expect((await decide(name, 'intake', USERS.business)).status).toBe(200);
      expect(
        (
          await api
            .as(USERS.requester)
            .post(`${path(name)}/stage`, { to: 'design' })
        ).status,
      ).toBe(200);
      await storeConfirmedMapping(name);
      expect(
        (await decide(name, 'mapping-review', USERS.clinical)).status,
      ).toBe(200);
      await api
        .as(USERS.requester)
        .post(`${path(name)}/stage`, { to: 'build' });
      await api.as(USERS.requester).post(`${path(name)}/stage`, { to: 'test' });
      const report = await upload(
        name,
        'test-result',
        `all scenarios for ${name}`,
      );
      for (const s of TEST_SCENARIOS) {
        const r = await api.as(USERS.tester).put(`${path(name)}/tests/${s}`, {
          result: 'passed',
          evidenceId: report.id,
        });
        expect(r.status).toBe(200);
      }
      expect((await decide(name, 'test-evidence', USERS.tester)).status).toBe(
        200,
      );
      expect(
        (
          await api
            .as(USERS.requester)
            .post(`${path(name)}/stage`, { to: 'ready' })
        ).status,
      ).toBe(200);
      await upload(name, 'monitoring-plan', 'alerts');
      await upload(name, 'runbook', 'runbook');
      await upload(name, 'go-live-checklist', 'checklist');
      expect(
        (await decide(name, 'monitoring-plan', USERS.support)).status,
      ).toBe(200);
      expect((await decide(name, 'go-live', USERS.business)).status).toBe(200);
      expect((await decide(name, 'go-live', USERS.technical)).status).toBe(200);
      const live = await api
        .as(USERS.requester)
        .post(`${path(name)}/stage`, { to: 'live' });
      expect(live.status).toBe(200);
      expect(live.body.record.stage).toBe('live');
      return live.body;
    }

    it('refuses unauthenticated requests', async () => {
      const res = await api
        .anonymous()
        .get('/api/healthcare-integration/integrations');
      expect(res.status).toBe(401);
    });

    it('derives gates from the policy for a PHI, vendor, patient-facing intake', async () => {
      const status = await create('portal-results', {
        phi: true,
        externalVendor: true,
        patientFacing: true,
        vendorName: 'Acme Portal Inc',
        dataClasses: ['lab-results'],
      });
      expect(status.gates.map((g: any) => g.id)).toEqual([
        'intake',
        'mapping-review',
        'security-review',
        'compliance-review',
        'vendor-risk',
        'patient-access-review',
        'test-evidence',
        'monitoring-plan',
        'go-live',
      ]);
      expect(status.record.policyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(status.record.requestedBy).toBe(USERS.requester);
      expect(gateOf(status, 'vendor-risk').blockers).toEqual(
        expect.arrayContaining([
          'waiting for gate "Intake review" (pending)',
          'needs baa evidence',
        ]),
      );
      expect(status.tests).toHaveLength(7);
    });

    it('enforces segregation of duties and approver roles through group membership', async () => {
      await create('sod-check');
      const own = await decide('sod-check', 'intake', USERS.requester);
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(/Segregation of duties/);

      const wrongRole = await decide('sod-check', 'intake', USERS.security);
      expect(wrongRole.status).toBe(403);
      expect(wrongRole.body.error.message).toMatch(
        /businessOwner \(group:default\/revenue-cycle\)/,
      );

      const ok = await decide('sod-check', 'intake', USERS.business);
      expect(ok.status).toBe(200);
      const gate = gateOf(ok.body, 'intake');
      expect(gate.status).toBe('approved');
      expect(gate.decisions[0]).toMatchObject({
        decidedBy: USERS.business,
        role: 'businessOwner',
        stale: false,
      });

      const again = await decide('sod-check', 'intake', USERS.business);
      expect(again.status).toBe(409);
    });

    it('resolves a role held by a parent group', async () => {
      const body = intake('parent-group', { phi: true });
      // sam.okafor is in security-office, whose parent is hospital-it.
      body.roles = {
        ...ROLE_HOLDERS,
        processOwner: 'group:default/hospital-it',
      };
      expect(
        (await api.as(USERS.requester).post('/integrations', body)).status,
      ).toBe(201);
      const res = await decide(
        'parent-group',
        'mapping-review',
        USERS.security,
        'request-changes',
      );
      expect(res.status).toBe(200);
      const gate = gateOf(res.body, 'mapping-review');
      expect(gate.status).toBe('reopened');
      expect(gate.reopenReason).toMatch(/changes requested by Sam Okafor: /);
    });

    it('stores evidence with its SHA-256 and serves the same bytes back', async () => {
      await create('evidence-hash');
      const text =
        'MSH|^~\\&|EPIC|HOSP|LIS|LAB|202611240830||ORM^O01|1|P|2.5.1';
      const ev = await upload('evidence-hash', 'mapping-spec', text);
      expect(ev.sha256).toBe(sha(text));
      expect(ev.sizeBytes).toBe(Buffer.byteLength(text));
      const content = await api
        .as(USERS.security)
        .get(`${path('evidence-hash')}/evidence/${ev.id}/content`);
      expect(content.status).toBe(200);
      expect(content.headers['x-content-sha256']).toBe(sha(text));
      expect(Buffer.from(content.body).toString('utf8')).toBe(text);
    });

    it('makes an approval stale when its evidence or the record revision changes', async () => {
      await create('stale-approval');
      await decide('stale-approval', 'intake', USERS.business);
      const spec = await upload('stale-approval', 'mapping-spec', 'v1');
      // A document alone does not pass the row-by-row review.
      const refused = await decide(
        'stale-approval',
        'mapping-review',
        USERS.clinical,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/no mapping spec stored/);
      await storeConfirmedMapping('stale-approval');
      const approved = await decide(
        'stale-approval',
        'mapping-review',
        USERS.clinical,
      );
      expect(gateOf(approved.body, 'mapping-review').status).toBe('approved');

      await upload('stale-approval', 'mapping-spec', 'v2', {
        supersedes: spec.id,
      });
      const after = await api.as(USERS.requester).get(path('stale-approval'));
      const gate = gateOf(after.body, 'mapping-review');
      expect(gate.status).toBe('reopened');
      expect(gate.reopenReason).toMatch(
        /approval stale: a new Mapping specification was uploaded/,
      );
      expect(gate.decisions[0].stale).toBe(true);
      expect(
        after.body.evidence.find((e: any) => e.id === spec.id).supersededBy,
      ).toBeDefined();

      // Approve again, then change the profile: the approval is bound to the revision.
      expect(
        (await decide('stale-approval', 'mapping-review', USERS.clinical))
          .status,
      ).toBe(200);
      const patched = await api
        .as(USERS.requester)
        .patch(path('stale-approval'), {
          profile: { patientPopulation: 'Inpatients and day cases' },
        });
      expect(patched.status).toBe(200);
      expect(patched.body.record.profileRevision).toBe(2);
      expect(gateOf(patched.body, 'mapping-review').status).toBe('reopened');

      const trail = await api
        .as(USERS.requester)
        .get(`${path('stale-approval')}/audit`);
      const reopened = trail.body.items
        .filter((e: any) => e.action === 'gate.reopened')
        .map((e: any) => `${e.subject}: ${e.payload.reason}`);
      expect(reopened).toEqual([
        expect.stringMatching(
          /^mapping-review: approval stale: a new Mapping specification was uploaded/,
        ),
        "intake: approval stale: the integration's details changed (Patient population)",
        "mapping-review: approval stale: the integration's details changed (Patient population)",
      ]);
      await expectBound('stale-approval');
    });

    it('adds gates when an approved profile change brings them into scope', async () => {
      await create('becomes-phi');
      const res = await api
        .as(USERS.requester)
        .patch(path('becomes-phi'), { profile: { phi: true } });
      // Governed: proposed, not applied, until the record-change authority approves.
      expect(res.status).toBe(202);
      expect(res.body.record.profile.phi).toBe(false);
      expect(res.body.gates.map((g: any) => g.id)).not.toContain(
        'security-review',
      );
      const change = res.body.recordChanges[0];
      expect(change).toMatchObject({
        status: 'pending',
        after: { profile: { phi: true } },
        approverRoles: ['complianceReviewer'],
      });
      const approved = await api
        .as(USERS.compliance)
        .post(`${path('becomes-phi')}/record-changes/${change.id}/decisions`, {
          decision: 'approve',
          comment: 'PHI confirmed',
        });
      expect(approved.status).toBe(200);
      expect(approved.body.record.profile.phi).toBe(true);
      expect(approved.body.gates.map((g: any) => g.id)).toEqual(
        expect.arrayContaining(['security-review', 'compliance-review']),
      );
      await expectBound('becomes-phi');
    });

    it('refuses stage transitions while a gate of the stage being left is open', async () => {
      await create('stage-guard');
      const early = await api
        .as(USERS.requester)
        .post(`${path('stage-guard')}/stage`, { to: 'design' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(
        /gate "Intake review" is pending/,
      );
      const skip = await api
        .as(USERS.requester)
        .post(`${path('stage-guard')}/stage`, { to: 'live' });
      expect(skip.status).toBe(400);
      expect(skip.body.error.message).toMatch(
        /Invalid to: cannot move from intake to live/,
      );

      await decide('stage-guard', 'intake', USERS.business);
      const moved = await api
        .as(USERS.requester)
        .post(`${path('stage-guard')}/stage`, { to: 'design' });
      expect(moved.status).toBe(200);
      expect(moved.body.record.stage).toBe('design');
      expect(moved.body.nextStage).toBe('build');
      expect(moved.body.blockers).toEqual([
        'gate "Data-mapping review" is pending',
      ]);
      const blocked = await api
        .as(USERS.requester)
        .post(`${path('stage-guard')}/stage`, { to: 'build' });
      expect(blocked.status).toBe(409);
    });

    it('requires the full test matrix with evidence before the test gate can be approved', async () => {
      await create('matrix');
      await decide('matrix', 'intake', USERS.business);
      await upload('matrix', 'mapping-spec', 'm');
      await decide('matrix', 'mapping-review', USERS.clinical);
      const report = await upload('matrix', 'test-result', 'r');
      await api.as(USERS.tester).put(`${path('matrix')}/tests/happy-path`, {
        result: 'passed',
        evidenceId: report.id,
      });
      const refused = await decide('matrix', 'test-evidence', USERS.tester);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /missing-data, duplicate-record, failed-message, access-denial, downtime, rollback/,
      );
    });

    it('reopens the gates the policy names when a change request opens on a live integration', async () => {
      await create('not-live');
      const tooEarly = await api
        .as(USERS.requester)
        .post(`${path('not-live')}/change-requests`, {
          type: 'new-field',
          summary: 'Add ethnicity',
          impactAssessment: 'Adds PID-22 to the feed',
        });
      expect(tooEarly.status).toBe(409);

      const live = await driveToLive('cr-flow');
      expect(gateOf(live, 'go-live').status).toBe('approved');

      const standard = await api
        .as(USERS.requester)
        .post(`${path('cr-flow')}/change-requests`, {
          type: 'new-field',
          changeClass: 'standard',
          summary: 'Add ethnicity',
          impactAssessment: 'Adds PID-22 to the feed',
        });
      expect(standard.status).toBe(400);
      expect(standard.body.error.message).toMatch(/^Invalid changeClass/);

      const opened = await api
        .as(USERS.requester)
        .post(`${path('cr-flow')}/change-requests`, {
          type: 'new-field',
          summary: 'Add ethnicity',
          impactAssessment: 'Adds PID-22 to the feed',
          notify: ['user:default/jordan.lee'],
        });
      expect(opened.status).toBe(201);
      expect(opened.body.record.stage).toBe('change');
      expect(gateOf(opened.body, 'mapping-review').status).toBe('reopened');
      expect(gateOf(opened.body, 'test-evidence').status).toBe('reopened');
      expect(gateOf(opened.body, 'security-review')).toBeUndefined();
      expect(gateOf(opened.body, 'go-live').status).toBe('approved');
      expect(gateOf(opened.body, 'change-control').status).toBe('pending');
      const cr = opened.body.changeRequests[0];
      expect(cr).toMatchObject({
        status: 'assess',
        reopenedGates: ['mapping-review', 'test-evidence'],
        locked: false,
      });

      const crPath = `${path('cr-flow')}/change-requests/${cr.id}`;
      // Editable until authorised; the edit is audited and bound like the rest.
      const edited = await api.as(USERS.requester).patch(crPath, {
        summary: 'Add ethnicity (PID-22)',
        notify: ['user:default/jordan.lee', 'user:default/sam.okafor'],
      });
      expect(edited.status).toBe(200);
      expect(edited.body.changeRequests[0].notify).toEqual([
        'user:default/jordan.lee',
        'user:default/sam.okafor',
      ]);
      expect(
        (
          await api
            .as(USERS.requester)
            .post(`${crPath}/transition`, { to: 'authorise' })
        ).status,
      ).toBe(200);
      const unauthorised = await api
        .as(USERS.requester)
        .post(`${crPath}/transition`, { to: 'implement' });
      expect(unauthorised.status).toBe(409);
      expect(
        (await decide('cr-flow', 'change-control', USERS.requester)).status,
      ).toBe(403);
      expect(
        (await decide('cr-flow', 'change-control', USERS.business)).status,
      ).toBe(200);
      // Authorised, but the gates the change reopened are still open.
      const early = await api
        .as(USERS.requester)
        .post(`${crPath}/transition`, { to: 'implement' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(/rule: reopened-gates-closed/);
      expect(early.body.error.message).toMatch(
        /mapping-review \(reopened\), test-evidence \(reopened\)/,
      );
      expect(
        (await decide('cr-flow', 'mapping-review', USERS.clinical)).status,
      ).toBe(200);
      expect(
        (await decide('cr-flow', 'test-evidence', USERS.tester)).status,
      ).toBe(200);
      const implemented = await api
        .as(USERS.requester)
        .post(`${crPath}/transition`, { to: 'implement' });
      expect(implemented.status).toBe(200);
      expect(implemented.body.changeRequests[0]).toMatchObject({
        locked: true,
        authorisedBy: USERS.business,
      });
      const edit = await api
        .as(USERS.requester)
        .patch(crPath, { summary: 'Something else entirely' });
      expect(edit.status).toBe(409);
      expect(edit.body.error.message).toMatch(/locked/);
      await expectBound('cr-flow');
    });

    it('opens a post-implementation review after an emergency change', async () => {
      await driveToLive('emergency');
      const opened = await api
        .as(USERS.requester)
        .post(`${path('emergency')}/change-requests`, {
          type: 'vendor-endpoint',
          changeClass: 'emergency',
          summary: 'Failover endpoint',
          impactAssessment: 'Primary vendor endpoint down',
        });
      expect(opened.status).toBe(201);
      const control = gateOf(opened.body, 'change-control');
      expect(control.approverRoles).toEqual(['businessOwner']);
      const cr = opened.body.changeRequests[0];
      expect(cr.status).toBe('authorise');
      await decide('emergency', 'change-control', USERS.business);
      const implemented = await api
        .as(USERS.requester)
        .post(`${path('emergency')}/change-requests/${cr.id}/transition`, {
          to: 'implement',
        });
      expect(implemented.status).toBe(200);
      expect(
        gateOf(implemented.body, 'post-implementation-review').status,
      ).toBe('pending');
      await expectBound('emergency');
    });

    it('keeps a verifiable audit chain and exports a pack that verifies offline', async () => {
      await driveToLive('audited');
      const verify = await api
        .as(USERS.compliance)
        .get(`${path('audited')}/audit/verify`);
      expect(verify.body).toMatchObject({ ok: true });
      expect(verify.body.events).toBeGreaterThan(20);
      expect(verify.body).toMatchObject({
        chain: { ok: true },
        binding: { ok: true, differences: [] },
      });
      const pack = await api
        .as(USERS.compliance)
        .get(`${path('audited')}/audit/export`);
      expect(pack.status).toBe(200);
      expect(pack.headers['content-disposition']).toMatch(/attachment/);
      const keys = (await api.as(USERS.compliance).get('/audit/keys')).body;
      expect(verifyEvidencePack(pack.body, { keys })).toMatchObject({
        ok: true,
        exitCode: 0,
        problems: [],
      });
      // The export signed a checkpoint: the database's chain is now checked against it.
      expect(
        (await api.as(USERS.compliance).get(`${path('audited')}/audit/verify`))
          .body.checkpoint,
      ).toMatchObject({
        ok: true,
        status: 'covered',
        signedHead: pack.body.audit.head,
      });
      const tampered = JSON.parse(JSON.stringify(pack.body));
      tampered.evidence[0].sha256 = sha('forged');
      const forged = verifyEvidencePack(tampered, { keys });
      expect(forged).toMatchObject({ ok: false, exitCode: 1 });
      expect(forged.problems).toContain(
        `binding: evidence[${
          tampered.evidence[0].id
        }].sha256: the pack says "${sha('forged')}"; the chain says "${
          pack.body.evidence[0].sha256
        }" (event ${
          pack.body.audit.events.find(
            (e: any) =>
              e.action === 'evidence.uploaded' &&
              e.subject === tampered.evidence[0].id,
          ).seq
        })`,
      );

      const fhir = await api
        .as(USERS.compliance)
        .get(`${path('audited')}/audit/fhir`);
      expect(fhir.body.resourceType).toBe('Bundle');
      expect(fhir.body.entry[0].resource).toMatchObject({
        resourceType: 'AuditEvent',
        action: 'C',
      });
      expect(fhir.body.entry).toHaveLength(verify.body.events);
    });

    it('detects an edited row, a deleted row and a deleted last row at the exact sequence', async () => {
      await driveToLive('tamper');
      const ref = 'component:default/tamper';
      const verify = () =>
        api.as(USERS.compliance).get(`${path('tamper')}/audit/verify`);
      expect((await verify()).body.ok).toBe(true);

      const original = await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 5 })
        .first();
      await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 5 })
        .update({ actor: 'user:default/mallory' });
      expect((await verify()).body).toMatchObject({
        ok: false,
        firstBrokenSeq: 5,
      });
      await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 5 })
        .update({ actor: original.actor });
      expect((await verify()).body.ok).toBe(true);

      await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 7 })
        .delete();
      expect((await verify()).body).toMatchObject({
        ok: false,
        firstBrokenSeq: 7,
      });

      const last = await driveToLive('tamper-last');
      await knex('hip_audit_events')
        .where({
          entity_ref: 'component:default/tamper-last',
          seq: last.auditHead.seq,
        })
        .delete();
      const res = await api
        .as(USERS.compliance)
        .get(`${path('tamper-last')}/audit/verify`);
      expect(res.body).toMatchObject({
        ok: false,
        firstBrokenSeq: last.auditHead.seq,
      });
    });

    it('lists the reviewer inbox for roles held through groups, never the requester', async () => {
      await create('inbox-check', { phi: true });
      const inbox = await api.as(USERS.business).get('/inbox');
      expect(inbox.status).toBe(200);
      const mine = inbox.body.items.filter(
        (i: any) => i.entityRef === 'component:default/inbox-check',
      );
      expect(mine.map((i: any) => i.gateId).sort()).toEqual([
        'go-live',
        'intake',
      ]);
      expect(mine.every((i: any) => i.roles.join() === 'businessOwner')).toBe(
        true,
      );
      const requesterInbox = await api.as(USERS.requester).get('/inbox');
      expect(
        requesterInbox.body.items.find(
          (i: any) => i.entityRef === 'component:default/inbox-check',
        ),
      ).toBeUndefined();
      const page = await api.as(USERS.business).get('/inbox?limit=1');
      expect(page.body.items).toHaveLength(1);
      expect(page.body.hasMore).toBe(true);
      expect((await api.as(USERS.business).get('/inbox?limit=0')).status).toBe(
        400,
      );
      await decide('inbox-check', 'intake', USERS.business);
      const after = await api.as(USERS.business).get('/inbox');
      expect(
        after.body.items.find(
          (i: any) =>
            i.entityRef === 'component:default/inbox-check' &&
            i.gateId === 'intake',
        ),
      ).toBeUndefined();
    });

    it('pages the portfolio with filters and a cursor', async () => {
      for (const n of ['pf-a', 'pf-b', 'pf-c'])
        await create(n, { phi: n !== 'pf-b' });
      const first = await api
        .as(USERS.outsider)
        .get('/integrations?q=pf-&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.totalCount).toBe(3);
      expect(first.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/pf-a',
        'component:default/pf-b',
      ]);
      const second = await api
        .as(USERS.outsider)
        .get(`/integrations?q=pf-&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/pf-c',
      ]);
      expect(second.body.nextCursor).toBeUndefined();
      const phi = await api
        .as(USERS.outsider)
        .get('/integrations?q=pf-&phi=false');
      expect(phi.body.items.map((i: any) => i.entityRef)).toEqual([
        'component:default/pf-b',
      ]);
      expect(phi.body.items[0]).toMatchObject({
        gatesRequired: 5,
        gatesClosed: 0,
        stage: 'intake',
      });
    });

    describe('bad input gets a 4xx naming the field and changes nothing', () => {
      beforeAll(async () => {
        await create('bad-input');
      });

      const cases: Array<[string, string, string, object | undefined, RegExp]> =
        [
          [
            'post',
            '/integrations',
            'missing name',
            { ...intake('x'), name: undefined },
            /Invalid name/,
          ],
          [
            'post',
            '/integrations',
            'bad data class',
            intake('y', { dataClasses: ['gossip' as any] }),
            /Invalid profile\.dataClasses\.0/,
          ],
          [
            'post',
            '/integrations',
            'vendor without name',
            intake('z', { externalVendor: true }),
            /Invalid profile\.vendorName/,
          ],
          [
            'post',
            '/integrations',
            'bad role ref',
            { ...intake('w'), roles: { ...ROLE_HOLDERS, testOwner: 'nobody' } },
            /Invalid roles\.testOwner/,
          ],
          [
            'post',
            '/integrations',
            'unknown field',
            { ...intake('v'), extra: 1 },
            /Invalid \(body\).*extra/,
          ],
          [
            'post',
            '/integrations',
            'duplicate record',
            intake('bad-input'),
            /already has a governance record/,
          ],
          [
            'patch',
            '/integrations/default/bad-input',
            'empty patch',
            {},
            /give at least one of/,
          ],
          [
            'patch',
            '/integrations/default/bad-input',
            'bad urgency',
            { profile: { urgency: 'yesterday' } },
            /Invalid profile\.urgency/,
          ],
          [
            'post',
            '/integrations/default/bad-input/gates/intake/decisions',
            'no comment',
            { decision: 'approve' },
            /Invalid comment/,
          ],
          [
            'post',
            '/integrations/default/bad-input/gates/intake/decisions',
            'bad decision',
            { decision: 'maybe', comment: 'x' },
            /Invalid decision/,
          ],
          [
            'post',
            '/integrations/default/bad-input/gates/nope/decisions',
            'unknown gate',
            { decision: 'reject', comment: 'x' },
            /Gate nope does not apply/,
          ],
          [
            'post',
            '/integrations/default/bad-input/gates/intake/waiver',
            'short justification',
            { justification: 'because' },
            /Invalid justification/,
          ],
          [
            'post',
            '/integrations/default/bad-input/evidence',
            'both file and url',
            {
              kind: 'baa',
              title: 't',
              contentBase64: 'aGk=',
              url: 'https://x.example/a',
            },
            /Invalid contentBase64: give exactly one/,
          ],
          [
            'post',
            '/integrations/default/bad-input/evidence',
            'not base64',
            { kind: 'baa', title: 't', contentBase64: '***' },
            /Invalid contentBase64: must be base64/,
          ],
          [
            'post',
            '/integrations/default/bad-input/evidence',
            'bad kind',
            { kind: 'selfie', title: 't', url: 'https://x.example/a' },
            /Invalid kind/,
          ],
          [
            'post',
            '/integrations/default/bad-input/evidence',
            'bad expiry',
            {
              kind: 'baa',
              title: 't',
              url: 'https://x.example/a',
              expiresAt: 'soon',
            },
            /Invalid expiresAt/,
          ],
          [
            'post',
            '/integrations/default/bad-input/evidence',
            'unknown superseded',
            {
              kind: 'baa',
              title: 't',
              url: 'https://x.example/a',
              supersedes: '00000000-0000-4000-8000-000000000000',
            },
            /Invalid supersedes/,
          ],
          [
            'put',
            '/integrations/default/bad-input/tests/vibes',
            'unknown scenario',
            { result: 'passed' },
            /Invalid scenario/,
          ],
          [
            'put',
            '/integrations/default/bad-input/tests/downtime',
            'passed without evidence',
            { result: 'passed' },
            /Invalid evidenceId/,
          ],
          [
            'post',
            '/integrations/default/bad-input/stage',
            'unknown stage',
            { to: 'moon' },
            /Invalid to/,
          ],
          [
            'post',
            '/integrations/default/bad-input/change-requests',
            'bad change type',
            { type: 'vibes', summary: 'xxxxx', impactAssessment: 'xxxxxxxxxx' },
            /Invalid type/,
          ],
          [
            'post',
            '/integrations/default/bad-input/change-requests/abc/transition',
            'bad status',
            { to: 'done' },
            /Invalid to/,
          ],
          [
            'get',
            '/integrations?limit=5000',
            'limit too high',
            undefined,
            /Invalid limit/,
          ],
          [
            'get',
            '/integrations?cursor=bm9wZQ',
            'forged cursor',
            undefined,
            /Invalid cursor/,
          ],
          [
            'get',
            '/integrations/Bad Namespace/x',
            'bad namespace',
            undefined,
            /Invalid namespace/,
          ],
          [
            'get',
            '/integrations/default/nope',
            'unknown record',
            undefined,
            /No governance record/,
          ],
        ];

      it.each(cases)(
        '%s %s: %s',
        async (method, url, _label, body, message) => {
          const before = await auditCount();
          const res = await (api.as(USERS.compliance) as any)[method](
            url,
            body,
          );
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.body.error.message).toMatch(message);
          expect(await auditCount()).toBe(before);
        },
      );

      it('answers malformed JSON with 400', async () => {
        const res = await api
          .as(USERS.requester)
          .post('/integrations')
          .set('Content-Type', 'application/json')
          .send('{"name": ');
        expect(res.status).toBe(400);
      });
    });
  },
);

const sqliteOnly = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('permissions', () => {
  it('denies every route when the policy denies', async () => {
    const knex = await sqliteOnly.init('SQLITE_3');
    const api = await startGovernanceBackend(knex, { permissions: 'deny' });
    const res = await api
      .as(USERS.requester)
      .post('/integrations', intake('denied'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /healthcare-integration.record.create/,
    );
    expect((await knex('hip_integrations').count({ n: '*' }))[0].n).toBe(0);
    // Every route of the route table, as the principal kind it accepts, with its own permission named.
    const denied: string[] = [];
    for (const route of ROUTES) {
      if (!route.permission) continue;
      const path = route.path
        .replace(':namespace', 'default')
        .replace(':name', 'denied')
        .replace(/:[a-zA-Z]+/g, 'x1');
      const who =
        route.principals?.includes('user') === false
          ? 'service'
          : USERS.requester;
      const r =
        route.method === 'get'
          ? await api.as(USERS.requester).get(path)
          : await api.raw(who, route.method, path, {});
      if (
        r.status !== 403 ||
        r.body.error.message !== `Not allowed: ${route.permission.name}`
      ) {
        denied.push(`${route.id}: ${r.status} ${r.body?.error?.message}`);
      }
    }
    expect(denied).toEqual([]);
  });
});
