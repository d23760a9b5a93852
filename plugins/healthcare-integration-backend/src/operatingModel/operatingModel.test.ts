import type { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  canonicalJson,
  operatingModelMarkdown,
  type OperatingModelView,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import { startTestEngine } from '../testing/testEngine';
import { SMALL_POLICY } from '../testing/notificationKit';
import { USERS, intake } from '../testing/fixtures';
import { sha256Hex } from '../lib/sha256';
import { compareWithChain } from '../audit/binding';
import { checkPackContents } from '../audit/verifyPackContents';
import type { EvidencePack } from '../audit/evidencePack';
import type { Finding } from '../audit/packFindings';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const NAME = 'orders-feed';
const REF = `component:default/${NAME}`;
const P = `/integrations/default/${NAME}`;
const config = { healthcareIntegration: { policy: SMALL_POLICY } };

type Api = Awaited<ReturnType<typeof startGovernanceBackend>>;

async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect({
    status: r.status,
    body: r.status === status ? 'ok' : r.body,
  }).toEqual({ status, body: 'ok' });
  return r.body;
}

/** Intake approved, moved to live, a normal change opened and authorised (not implemented). */
async function liveWithAuthorisedChange(api: Api) {
  await ok(api.as(USERS.requester).post('/integrations', intake(NAME)), 201);
  await ok(
    api.as(USERS.business).post(`${P}/gates/intake/decisions`, {
      decision: 'approve',
      comment: 'ok',
    }),
  );
  for (const to of ['design', 'build', 'test', 'ready', 'live'])
    await ok(api.as(USERS.requester).post(`${P}/stage`, { to }));
  const opened = await ok(
    api.as(USERS.requester).post(`${P}/change-requests`, {
      type: 'new-field',
      summary: 'Add ethnicity',
      impactAssessment: 'Adds PID-22',
      notify: [],
    }),
    201,
  );
  const id = opened.changeRequests[0].id as string;
  await ok(
    api
      .as(USERS.requester)
      .post(`${P}/change-requests/${id}/transition`, { to: 'authorise' }),
  );
  await ok(
    api.as(USERS.business).post(`${P}/gates/change-control/decisions`, {
      decision: 'approve',
      comment: 'go',
    }),
  );
  return id;
}

describe.each(databases.eachSupportedId())(
  'operating model on %s',
  databaseId => {
    let knex: Knex;
    let api: Api;
    let changeId: string;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      api = await startGovernanceBackend(knex, { config });
    });

    it('records version 1 at intake, its hash in the chain', async () => {
      changeId = await liveWithAuthorisedChange(api);
      const view: OperatingModelView = await ok(
        api.as(USERS.requester).get(`${P}/operating-model`),
      );
      expect(view.versions.map(v => [v.version, v.reason])).toEqual([
        [1, 'intake'],
      ]);
      expect(view.current.contentHash).toBe(
        sha256Hex(canonicalJson(view.current.document)),
      );
      expect(view.current.markdown).toBe(
        operatingModelMarkdown(view.current.document),
      );
      const audit = await ok(api.as(USERS.compliance).get(`${P}/audit`));
      const versioned = audit.items.filter(
        (e: any) => e.action === 'operatingModel.versioned',
      );
      expect(versioned.map((e: any) => e.payload)).toEqual([
        { version: 1, contentHash: view.current.contentHash, reason: 'intake' },
      ]);
    });

    it('records version 2 when the change is implemented, and a diff says what changed', async () => {
      await ok(
        api
          .as(USERS.requester)
          .post(`${P}/change-requests/${changeId}/transition`, {
            to: 'implement',
          }),
      );
      const view: OperatingModelView = await ok(
        api.as(USERS.requester).get(`${P}/operating-model`),
      );
      expect(view.versions.map(v => [v.version, v.reason])).toEqual([
        [1, 'intake'],
        [2, `change:${changeId}`],
      ]);
      expect(view.versions[1].contentHash).not.toBe(
        view.versions[0].contentHash,
      );
      const diff = await ok(
        api.as(USERS.requester).get(`${P}/operating-model/diff?from=1&to=2`),
      );
      const changed = diff.diff.lines.filter(
        (l: any) => l.kind !== 'unchanged',
      );
      // At intake nobody had approved the intake gate; by the change, the business owner had.
      expect(changed).toEqual(
        expect.arrayContaining([
          {
            kind: 'removed',
            section: 'Access rules and approvals',
            text: '| Intake review | Pending | Not yet approved |',
          },
        ]),
      );
      expect(
        changed.some(
          (l: any) =>
            l.kind === 'added' &&
            l.text.startsWith(`| Intake review | Approved | ${USERS.business}`),
        ),
      ).toBe(true);
      const v1 = await ok(
        api.as(USERS.requester).get(`${P}/operating-model/versions/1`),
      );
      expect(v1.contentHash).toBe(view.versions[0].contentHash);
    });

    it('records no new version when an implemented change leaves the document as it was', async () => {
      for (const to of ['review', 'closed'])
        await ok(
          api
            .as(USERS.requester)
            .post(`${P}/change-requests/${changeId}/transition`, { to }),
        );
      // A standard change is implemented at once; nothing the document shows differs.
      await ok(
        api.as(USERS.requester).post(`${P}/change-requests`, {
          type: 'clinic-rollout',
          changeClass: 'standard',
          summary: 'Clinic 4',
          impactAssessment: 'Same feed, one more clinic',
          notify: [],
        }),
        201,
      );
      const view = await ok(
        api.as(USERS.requester).get(`${P}/operating-model`),
      );
      expect(view.versions).toHaveLength(2);
    });

    it('verifies the audit chain, and the pack carries the versions its verifier checks', async () => {
      const verification = await ok(
        api.as(USERS.compliance).get(`${P}/audit/verify`),
      );
      expect(verification.binding).toMatchObject({ ok: true });
      const pack: EvidencePack = await ok(
        api.as(USERS.compliance).get(`${P}/audit/export`),
      );
      expect(pack.operatingModel!.versions.map(v => v.version)).toEqual([1, 2]);
      const clean: Finding[] = [];
      checkPackContents(pack, clean);
      expect(clean).toEqual([]);
      expect(compareWithChain(pack.audit.events, pack, 'the pack').ok).toBe(
        true,
      );

      // The document edited, its hash left: the content check names the version.
      const edited = structuredClone(pack);
      edited.operatingModel!.versions[1].document.sections[0].paragraphs = [
        'Something else',
      ];
      const findings: Finding[] = [];
      checkPackContents(edited, findings);
      expect(findings.map(f => f.message)).toEqual([
        expect.stringMatching(
          /^operating model version 2 hashes to .*: its document was changed$/,
        ),
      ]);
      // The hash recomputed too: the chain's event still has the old one.
      const rehashed = structuredClone(edited);
      const v2 = rehashed.operatingModel!.versions[1];
      v2.contentHash = sha256Hex(canonicalJson(v2.document));
      const rehashedFindings: Finding[] = [];
      checkPackContents(rehashed, rehashedFindings);
      expect(rehashedFindings).toEqual([]);
      const binding = compareWithChain(pack.audit.events, rehashed, 'the pack');
      expect(binding.differences.map(d => d.field)).toEqual([
        'operatingModel.v2.contentHash',
      ]);
    });

    it('names the field of a bad version (400) and refuses an unknown one (404)', async () => {
      const bad = await api
        .as(USERS.requester)
        .get(`${P}/operating-model/versions/x`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/version/);
      const missingTo = await api
        .as(USERS.requester)
        .get(`${P}/operating-model/diff?from=1`);
      expect(missingTo.status).toBe(400);
      expect(missingTo.body.error.message).toMatch(/\bto\b/);
      const unknown = await api
        .as(USERS.requester)
        .get(`${P}/operating-model/versions/9`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(
        /No operating model version 9/,
      );
      const unknownDiff = await api
        .as(USERS.requester)
        .get(`${P}/operating-model/diff?from=1&to=9`);
      expect(unknownDiff.status).toBe(404);
    });

    it('refuses the reads without the read permission (403)', async () => {
      const denied = await startGovernanceBackend(knex, {
        config,
        permissions: 'deny',
      });
      for (const path of [
        `${P}/operating-model`,
        `${P}/operating-model/versions/1`,
        `${P}/operating-model/diff?from=1&to=2`,
      ])
        expect((await denied.as(USERS.requester).get(path)).status).toBe(403);
    });

    it('two instances implementing one change at once record one version', async () => {
      const race = await databases.init(databaseId);
      const raceApi = await startGovernanceBackend(race, { config });
      const id = await liveWithAuthorisedChange(raceApi);
      const clock = () => new Date();
      const [a, b] = await Promise.all([
        startTestEngine(race, clock, () => {}, SMALL_POLICY),
        startTestEngine(race, clock, () => {}, SMALL_POLICY),
      ]);
      const actor = { ref: USERS.requester, isUser: true };
      const results = await Promise.allSettled([
        a.moveChangeRequest(REF, id, { to: 'implement' }, actor),
        b.moveChangeRequest(REF, id, { to: 'implement' }, actor),
      ]);
      expect(results.map(r => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      const rows = await race('hip_operating_model_versions')
        .where({ entity_ref: REF })
        .orderBy('version');
      expect(rows.map(r => [Number(r.version), r.reason])).toEqual([
        [1, 'intake'],
        [2, `change:${id}`],
      ]);
      expect((await a.verifyAudit(REF)).ok).toBe(true);
    });

    it('records version 1 of an older record once, when two instances read it at once', async () => {
      const db = await databases.init(databaseId);
      const clock = () => new Date();
      // One after the other: both would migrate the fresh database at once.
      const a = await startTestEngine(db, clock, () => {}, SMALL_POLICY);
      const b = await startTestEngine(db, clock, () => {}, SMALL_POLICY);
      await a.create(intake(NAME), { ref: USERS.requester, isUser: true });
      // As a record created before operating models were versioned: no version stored.
      await db('hip_operating_model_versions')
        .where({ entity_ref: REF })
        .delete();
      const [viewA, viewB] = await Promise.all([
        a.operatingModel(REF),
        b.operatingModel(REF),
      ]);
      expect(viewA.versions).toEqual(viewB.versions);
      expect(viewA.versions.map(v => [v.version, v.reason])).toEqual([
        [1, 'backfill'],
      ]);
      const backfills = (await a.readAudit(REF)).filter(
        e =>
          e.action === 'operatingModel.versioned' &&
          e.payload.reason === 'backfill',
      );
      expect(backfills).toHaveLength(1);
      expect(backfills[0].actor).toBe('system:operating-model');
    });
  },
);
