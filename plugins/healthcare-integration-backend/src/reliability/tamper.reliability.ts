import { TestDatabases } from '@backstage/backend-test-utils';
import { startGovernanceBackend, base64 } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { rewriteStoredChain } from '../testing/forgery';
import { recordFigure } from './harness/instances';

jest.setTimeout(60_000);
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'tampering with the audit table on %s',
  databaseId => {
    it('is reported at the exact sequence number, for an edit and for a deletion', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex);
      await api
        .as(USERS.requester)
        .post('/integrations', intake('tamper-target'));
      for (let i = 0; i < 30; i++) {
        await api
          .as(USERS.requester)
          .post('/integrations/default/tamper-target/evidence', {
            kind: 'other',
            title: `e${i}`,
            contentBase64: base64(`e${i}`),
          });
      }
      const ref = 'component:default/tamper-target';
      const verify = async () =>
        (
          await api
            .as(USERS.compliance)
            .get('/integrations/default/tamper-target/audit/verify')
        ).body;
      expect((await verify()).ok).toBe(true);

      await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 17 })
        .update({ payload: '{"kind":"other","title":"forged"}' });
      const edited = await verify();
      recordFigure(
        `tamper (${databaseId})`,
        'edited row 17 reported at',
        edited.firstBrokenSeq,
        edited.firstBrokenSeq === 17 ? 'pass' : 'fail',
      );
      expect(edited).toMatchObject({ ok: false, firstBrokenSeq: 17 });

      await knex('hip_audit_events')
        .where({ entity_ref: ref })
        .where('seq', '>=', 17)
        .delete();
      const truncated = await verify();
      recordFigure(
        `tamper (${databaseId})`,
        'rows 17..31 deleted, reported at',
        truncated.firstBrokenSeq,
        truncated.firstBrokenSeq === 17 ? 'pass' : 'fail',
      );
      expect(truncated).toMatchObject({ ok: false, firstBrokenSeq: 17 });

      await knex('hip_audit_events')
        .where({ entity_ref: ref, seq: 9 })
        .delete();
      const gap = await verify();
      recordFigure(
        `tamper (${databaseId})`,
        'row 9 deleted, reported at',
        gap.firstBrokenSeq,
        gap.firstBrokenSeq === 9 ? 'pass' : 'fail',
      );
      expect(gap).toMatchObject({ ok: false, firstBrokenSeq: 9 });
    });

    it('catches a rewrite of chain and head column, tables kept consistent, against the signed checkpoints', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex);
      const name = 'rewrite-target';
      const ref = `component:default/${name}`;
      await api.as(USERS.requester).post('/integrations', intake(name));
      const upload = (i: number) =>
        api.as(USERS.requester).post(`/integrations/default/${name}/evidence`, {
          kind: 'other',
          title: `e${i}`,
          contentBase64: base64(`e${i}`),
        });
      for (let i = 0; i < 20; i++) await upload(i);
      // An export signs a checkpoint over heads (here: event 22: the intake, its operating model's
      // version 1 and 20 uploads); later events wait for the next one.
      const exported = await api
        .as(USERS.compliance)
        .get(`/integrations/default/${name}/audit/export`);
      expect(exported.status).toBe(200);
      const signedSeq = exported.body.checkpoint.leaf.seq;
      expect(signedSeq).toBe(22);
      for (let i = 20; i < 30; i++) await upload(i);
      const verify = async () =>
        (
          await api
            .as(USERS.compliance)
            .get(`/integrations/default/${name}/audit/verify`)
        ).body;
      expect((await verify()).ok).toBe(true);

      // Event 10 (an upload) given another title; the evidence row edited to match; every hash from
      // there recomputed and the head column moved: the chain and the tables agree with each other.
      const rewritten = await rewriteStoredChain(knex, ref, events => {
        events[9].payload = { ...events[9].payload, title: 'forged' };
      });
      await knex('hip_evidence')
        .where({ id: rewritten[9].subject })
        .update({ title: 'forged' });
      const result = await verify();
      const caught =
        result.ok === false &&
        result.chain.ok &&
        result.binding.ok &&
        result.checkpoint.status === 'mismatch';
      recordFigure(
        `tamper (${databaseId})`,
        'chain + head rewritten from event 10, tables consistent: caught by checkpoint',
        caught ? 'yes' : 'no',
        caught ? 'pass' : 'fail',
      );
      expect(result).toMatchObject({
        ok: false,
        firstBrokenSeq: 1,
        chain: { ok: true },
        binding: { ok: true },
        checkpoint: {
          ok: false,
          status: 'mismatch',
          signedHead: { seq: signedSeq },
        },
      });
      expect(result.reason).toBe(
        `the chain was rewritten: event ${signedSeq} has hash ${rewritten[
          signedSeq - 1
        ].hash.slice(
          0,
          12,
        )}… but checkpoint #1 signed ${exported.body.checkpoint.leaf.hash.slice(
          0,
          12,
        )}…; ` +
          `no signed head of this chain still matches, so the change is in events 1–${signedSeq}`,
      );
      // The next checkpoint does not sign the rewritten head.
      const again = await api
        .as(USERS.compliance)
        .get(`/integrations/default/${name}/audit/export`);
      expect(again.body.checkpoint.leaf).toEqual(exported.body.checkpoint.leaf);
      const refused = again.body.verification.checkpoint.message.includes(
        `the signer refused this chain's head: event ${signedSeq} no longer has the hash signed before`,
      );
      recordFigure(
        `tamper (${databaseId})`,
        'signer refuses to sign the rewritten head',
        refused ? 'yes' : 'no',
        refused ? 'pass' : 'fail',
      );
      expect(refused).toBe(true);
    });
  },
);
