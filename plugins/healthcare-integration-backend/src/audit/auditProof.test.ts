import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { copy, rechain, rewriteStoredChain } from '../testing/forgery';
import {
  SigningKeys,
  checkSignature,
  generateSigningKey,
  parseKeys,
  type KeysDocument,
} from './signingKeys';
import { checkpointSigningInput } from './checkpoints';
import { verifyEvidencePack } from './verifyEvidencePack';
import { ROUTES } from '../schema/routes';
import { buildOpenApiDocument } from '../schema/openApiDocument';
import { packSigningInput, type EvidencePack } from './evidencePack';

/**
 * Audit proof an auditor can trust, attacked as the issue attacked it: an edited pack with every
 * hash recomputed, record sections edited without touching a hash, a truncated pack, a
 * backdated pack, reordered events, an old pack replayed as new, the wrong key, a rotated key,
 * a pack cut at a checkpoint boundary, and a database whose chain and head were rewritten.
 * Every forgery must be caught with its exact reason.
 */

jest.setTimeout(120_000);

describe('retention', () => {
  it('offers no way to delete audit events, evidence or checkpoints through the API', () => {
    const methods = new Set(ROUTES.map(r => r.method as string));
    expect(methods.has('delete')).toBe(false);
    const doc = buildOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(
      Object.values(doc.paths)
        .flatMap(ops => Object.keys(ops))
        .filter(m => m === 'delete'),
    ).toEqual([]);
  });
});

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const sha = (s: string | Buffer) =>
  createHash('sha256').update(s).digest('hex');
const h12 = (hash: string) => `${hash.slice(0, 12)}…`;
const path = (name: string) => `/integrations/default/${name}`;
const refOf = (name: string) => `component:default/${name}`;

type Api = Awaited<ReturnType<typeof startGovernanceBackend>>;

/** A record with a file, a link, an approved intake gate and a stage move, exported twice. */
async function scenario(api: Api, name: string) {
  expect(
    (await api.as(USERS.requester).post('/integrations', intake(name))).status,
  ).toBe(201);
  const file = await api.as(USERS.requester).post(`${path(name)}/evidence`, {
    kind: 'other',
    title: 'Interface agreement',
    mediaType: 'application/pdf',
    contentBase64: base64(`%PDF agreement for ${name}`),
  });
  expect(file.status).toBe(201);
  const link = await api.as(USERS.requester).post(`${path(name)}/evidence`, {
    kind: 'other',
    title: 'Design wiki page',
    url: `https://wiki.example.org/${name}`,
  });
  expect(link.status).toBe(201);
  expect(
    (
      await api
        .as(USERS.business)
        .post(`${path(name)}/gates/intake/decisions`, {
          decision: 'approve',
          comment: 'Business case is sound',
        })
    ).status,
  ).toBe(200);
  const first = await api
    .as(USERS.compliance)
    .get(`${path(name)}/audit/export`);
  expect(first.status).toBe(200);
  expect(
    (
      await api
        .as(USERS.requester)
        .post(`${path(name)}/stage`, { to: 'design' })
    ).status,
  ).toBe(200);
  const second = await api
    .as(USERS.compliance)
    .get(`${path(name)}/audit/export`);
  expect(second.status).toBe(200);
  return {
    older: first.body as EvidencePack,
    pack: second.body as EvidencePack,
    fileId: file.body.id as string,
  };
}

const seqOf = (pack: EvidencePack, action: string, subject?: string) =>
  pack.audit.events.find(
    e =>
      e.action === action && (subject === undefined || e.subject === subject),
  )!.seq;

describe.each(databases.eachSupportedId())('audit proof on %s', databaseId => {
  let knex: Knex;
  let api: Api;
  let keys: KeysDocument;
  let keyId: string;
  let older: EvidencePack;
  let pack: EvidencePack;
  let fileId: string;
  const signatureBroken = () =>
    `the pack signature does not verify with key ${keyId}: it was changed after it was signed`;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    api = await startGovernanceBackend(knex);
    keys = (await api.as(USERS.compliance).get('/audit/keys')).body;
    keyId = keys.keys[0].keyId;
    ({ older, pack, fileId } = await scenario(api, 'proof'));
  });

  it('serves the public keys, and the exported packs verify with them', () => {
    expect(keys).toMatchObject({
      format: 'healthcare-integration-audit-keys/v1',
      keys: [{ status: 'current', algorithm: 'Ed25519' }],
    });
    expect(createPublicKey(keys.keys[0].publicKey).asymmetricKeyType).toBe(
      'ed25519',
    );
    for (const p of [older, pack]) {
      const result = verifyEvidencePack(p, { keys });
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ ok: true, exitCode: 0 });
    }
    // Each export signed a checkpoint covering the chain's head at that moment, linked to the one before.
    expect(pack.checkpoint!.body.seq).toBe(older.checkpoint!.body.seq + 1);
    expect(pack.checkpoint!.body.previousSignature).toBe(
      older.checkpoint!.signature.value,
    );
    expect(pack.checkpoint!.leaf).toEqual({
      integrationRef: refOf('proof'),
      ...pack.audit.head,
    });
    // The evidence file the exporter may read is in the pack; the link is accounted for.
    expect(pack.files.map(f => f.evidenceId)).toEqual([fileId]);
    expect(Buffer.from(pack.files[0].contentBase64, 'base64').toString()).toBe(
      '%PDF agreement for proof',
    );
    expect(pack.filesOmitted.map(o => o.reason)).toEqual([
      'a link: its hash covers the URL',
    ]);
  });

  it('lists signed, linked checkpoints newest first, paged, and serves them and the keys to services', async () => {
    const page = await api.asService().get('/audit/checkpoints?limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items.map((c: any) => c.body.seq)).toEqual([
      pack.checkpoint!.body.seq,
    ]);
    const next = await api
      .asService()
      .get(`/audit/checkpoints?limit=1&before=${page.body.nextBefore}`);
    expect(next.body.items.map((c: any) => c.body.seq)).toEqual([
      older.checkpoint!.body.seq,
    ]);
    for (const c of [...page.body.items, ...next.body.items]) {
      expect(
        checkSignature(
          keys,
          c.signature,
          checkpointSigningInput(c.body),
          c.body.at,
          'x',
        ),
      ).toMatchObject({ ok: true });
    }
    expect(page.body.items[0].body.previousSignature).toBe(
      next.body.items[0].signature.value,
    );
    expect(
      (await api.asService().get('/audit/checkpoints?limit=0')).status,
    ).toBe(400);
    expect((await api.asService().get('/audit/keys')).body).toEqual(keys);
    const cp = await api.asService().get(`${path('proof')}/audit/checkpoint`);
    expect(cp.body).toMatchObject({
      leaf: { integrationRef: refOf('proof'), ...pack.audit.head },
      body: { seq: pack.checkpoint!.body.seq },
    });
    // Packs and reports carry the record: people only.
    expect(
      (await api.asService().get(`${path('proof')}/audit/export`)).status,
    ).toBe(403);
    expect(
      (await api.asService().get(`${path('proof')}/audit/report`)).status,
    ).toBe(403);
  });

  it('catches an approver changed in the pack with every later hash recomputed and the head moved', () => {
    const forged = copy(pack);
    const approveSeq = seqOf(forged, 'gate.approve', 'intake');
    forged.audit.events.find(e => e.seq === approveSeq)!.actor = USERS.security;
    forged.gates.find(g => g.id === 'intake')!.decisions[0].decidedBy =
      USERS.security;
    rechain(forged.audit.events);
    const last = forged.audit.events[forged.audit.events.length - 1];
    forged.audit.head = { seq: last.seq, hash: last.hash };
    const result = verifyEvidencePack(forged, { keys });
    const cp = pack.checkpoint!;
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual([
      signatureBroken(),
      `event ${cp.leaf.seq} has hash ${h12(
        last.hash,
      )} in the pack, but checkpoint #${cp.body.seq} signed ${h12(
        pack.audit.head.hash,
      )} for it: the chain was rewritten`,
      `the pack's chain head (event ${last.seq}, ${h12(
        last.hash,
      )}) is not the head checkpoint #${cp.body.seq} signed (event ${
        cp.leaf.seq
      }, ${h12(pack.audit.head.hash)})`,
    ]);
    // The forger kept records and chain consistent: only the signatures give it away.
    expect(result.binding?.ok).toBe(true);
  });

  it('catches gate statuses set to approved and the stage set to live without touching a hash', () => {
    const forged = copy(pack);
    for (const g of forged.gates) g.status = 'approved';
    forged.integration.stage = 'live';
    const result = verifyEvidencePack(forged, { keys });
    expect(result.exitCode).toBe(1);
    const stageSeq = seqOf(pack, 'stage.moved');
    expect(result.problems).toEqual([
      signatureBroken(),
      // Gates derived at intake are pending since event 1; intake was approved (unchanged).
      ...['go-live', 'mapping-review', 'monitoring-plan', 'test-evidence'].map(
        id =>
          `binding: gates[${id}].status: the pack says "approved"; the chain says "pending" (event 1)`,
      ),
      `binding: integration.stage: the pack says "live"; the chain says "design" (event ${stageSeq})`,
    ]);
  });

  it('catches a truncated pack whose head was moved to its new last event', () => {
    const forged = copy(pack);
    forged.audit.events = forged.audit.events.slice(0, -1);
    const last = forged.audit.events[forged.audit.events.length - 1];
    forged.audit.head = { seq: last.seq, hash: last.hash };
    const cp = pack.checkpoint!;
    const result = verifyEvidencePack(forged, { keys });
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual([
      signatureBroken(),
      `the chain ends at event ${last.seq}, but checkpoint #${cp.body.seq} signed event ${cp.leaf.seq} as its head: events were cut off`,
      `the pack's chain head (event ${last.seq}, ${h12(
        last.hash,
      )}) is not the head checkpoint #${cp.body.seq} signed (event ${
        cp.leaf.seq
      }, ${h12(cp.leaf.hash)})`,
      `binding: integration.stage: the pack says "design"; the chain says "intake" (event 1)`,
    ]);
  });

  it('catches a backdated generatedAt', () => {
    const forged = copy(pack);
    forged.generatedAt = '2020-01-01T00:00:00.000Z';
    const cp = pack.checkpoint!;
    const last = pack.audit.events[pack.audit.events.length - 1];
    const result = verifyEvidencePack(forged, { keys });
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual([
      signatureBroken(),
      `generatedAt 2020-01-01T00:00:00.000Z is earlier than checkpoint #${cp.body.seq} (${cp.body.at}), which was signed for this export: the date was changed`,
      `generatedAt 2020-01-01T00:00:00.000Z is earlier than event ${last.seq} (${last.at}) in the pack`,
    ]);
  });

  it('catches reordered events, as they are and renumbered with every hash recomputed', () => {
    const swapped = copy(pack);
    [swapped.audit.events[1], swapped.audit.events[2]] = [
      swapped.audit.events[2],
      swapped.audit.events[1],
    ];
    const plain = verifyEvidencePack(swapped, { keys });
    expect(plain.exitCode).toBe(1);
    expect(plain.problems.slice(0, 2)).toEqual([
      signatureBroken(),
      'audit chain broken at event 2: event 2 is missing (found 3 next)',
    ]);

    // The approval moved before the evidence it covered, seq renumbered, hashes recomputed.
    const renumbered = copy(pack);
    const events = renumbered.audit.events;
    const approve = events.findIndex(e => e.action === 'gate.approve');
    const [moved] = events.splice(approve, 1);
    events.splice(1, 0, moved);
    events.forEach((e, i) => {
      e.seq = i + 1;
    });
    rechain(events);
    renumbered.audit.head = {
      seq: events.length,
      hash: events[events.length - 1].hash,
    };
    const result = verifyEvidencePack(renumbered, { keys });
    const cp = pack.checkpoint!;
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        signatureBroken(),
        `event ${cp.leaf.seq} has hash ${h12(
          renumbered.audit.head.hash,
        )} in the pack, but checkpoint #${cp.body.seq} signed ${h12(
          cp.leaf.hash,
        )} for it: the chain was rewritten`,
      ]),
    );
  });

  it('catches an old pack replayed as new: stale against the latest checkpoint, and re-dated it breaks its signature', async () => {
    // The older pack is genuine: on its own it verifies.
    expect(verifyEvidencePack(older, { keys }).exitCode).toBe(0);
    const latest = (
      await api.as(USERS.compliance).get(`${path('proof')}/audit/checkpoint`)
    ).body;
    expect(latest.leaf).toEqual({
      integrationRef: refOf('proof'),
      ...pack.audit.head,
    });
    const stale = verifyEvidencePack(older, { keys, latestCheckpoint: latest });
    expect(stale.exitCode).toBe(4);
    expect(stale.problems).toEqual([
      `the pack is not current: the given checkpoint #${latest.body.seq} (${
        latest.body.at
      }) signs event ${pack.audit.head.seq} as the head of ${refOf(
        'proof',
      )}; the pack ends at event ${older.audit.head.seq} (checkpoint #${
        older.checkpoint!.body.seq
      }, ${older.checkpoint!.body.at})`,
    ]);
    // The current pack is current against the same checkpoint.
    expect(
      verifyEvidencePack(pack, { keys, latestCheckpoint: latest }).exitCode,
    ).toBe(0);

    const redated = copy(older);
    redated.generatedAt = new Date().toISOString();
    expect(verifyEvidencePack(redated, { keys })).toMatchObject({
      exitCode: 1,
      problems: [signatureBroken()],
    });
    expect(
      verifyEvidencePack(older, {
        keys,
        maxAgeDays: 0,
        now: new Date(Date.now() + 86_400_000),
      }),
    ).toMatchObject({
      exitCode: 4,
      problems: [
        `the pack was generated on ${older.generatedAt}, more than 0 days ago`,
      ],
    });
  });

  it('refuses trust for a wrong key and for no key', () => {
    const other = parseKeys(generateSigningKey().publicKeyPem);
    const wrong = verifyEvidencePack(pack, { keys: other });
    expect(wrong.exitCode).toBe(3);
    expect(wrong.problems).toEqual([
      `the pack is signed by key ${keyId}, which is not among the pinned keys (${other.keys[0].keyId})`,
      `checkpoint #${
        pack.checkpoint!.body.seq
      } is signed by key ${keyId}, which is not among the pinned keys (${
        other.keys[0].keyId
      })`,
    ]);
    expect(verifyEvidencePack(pack).exitCode).toBe(3);
    // A forger who re-signs an edited pack with their own key: not the pinned key, and the edit shows.
    const attacker = new SigningKeys(generateSigningKey().privateKeyPem);
    const forged = copy(pack);
    forged.gates.find(g => g.id === 'go-live')!.status = 'waived';
    forged.signature = attacker.sign(packSigningInput(forged));
    const resigned = verifyEvidencePack(forged, { keys });
    expect(resigned.exitCode).toBe(1);
    expect(resigned.problems).toEqual([
      `the pack is signed by key ${attacker.keyId}, which is not among the pinned keys (${keyId})`,
      'binding: gates[go-live].status: the pack says "waived"; the chain says "pending" (event 1)',
    ]);
  });

  it('catches a pack cut at a checkpoint boundary with the older checkpoint swapped in', () => {
    const forged = copy(pack);
    forged.audit.events = forged.audit.events.slice(0, older.audit.head.seq);
    forged.audit.head = older.audit.head;
    forged.checkpoint = older.checkpoint;
    const result = verifyEvidencePack(forged, { keys });
    expect(result.exitCode).toBe(1);
    // Chain and checkpoint agree with each other; the pack signature and the binding do not.
    expect(result.chain.ok).toBe(true);
    expect(result.problems).toEqual([
      signatureBroken(),
      `binding: integration.stage: the pack says "design"; the chain says "intake" (event 1)`,
    ]);
  });

  it('catches an edited evidence file and an edited report', () => {
    const forged = copy(pack);
    forged.files[0].contentBase64 = base64('%PDF a different agreement');
    const recorded = pack.evidence.find(e => e.id === fileId)!.sha256;
    expect(verifyEvidencePack(forged, { keys }).problems).toEqual([
      signatureBroken(),
      `file of evidence ${fileId} (Interface agreement) hashes to ${h12(
        sha('%PDF a different agreement'),
      )}, not the recorded ${h12(recorded)}`,
    ]);
    const report = copy(pack);
    report.report.html = report.report.html.replace(
      'Business case is sound',
      'Approved without reservations',
    );
    expect(verifyEvidencePack(report, { keys }).problems).toEqual([
      signatureBroken(),
      'the HTML audit report does not match its recorded hash: it was changed',
    ]);
  });

  describe('the database', () => {
    const verify = async (name: string) =>
      (await api.as(USERS.compliance).get(`${path(name)}/audit/verify`)).body;

    it('catches a rewrite of chain and head (tables kept consistent) against the signed checkpoints', async () => {
      const { older: a, pack: b } = await scenario(api, 'proof-db');
      expect(await verify('proof-db')).toMatchObject({
        ok: true,
        checkpoint: { status: 'covered' },
      });
      const ref = refOf('proof-db');
      const stageSeq = seqOf(b, 'stage.moved');
      // The stage move (after the first checkpoint) rewritten as someone else's.
      const rewritten = await rewriteStoredChain(knex, ref, events => {
        events.find(e => e.seq === stageSeq)!.actor = USERS.business;
      });
      let result = await verify('proof-db');
      expect(result.chain.ok).toBe(true);
      expect(result.binding.ok).toBe(true);
      expect(result).toMatchObject({
        ok: false,
        firstBrokenSeq: a.audit.head.seq + 1,
        checkpoint: { ok: false, status: 'mismatch' },
        reason:
          `the chain was rewritten: event ${b.audit.head.seq} has hash ${h12(
            rewritten[stageSeq - 1].hash,
          )} but checkpoint #${b.checkpoint!.body.seq} signed ${h12(
            b.audit.head.hash,
          )}; ` +
          `events up to ${a.audit.head.seq} still match checkpoint #${
            a.checkpoint!.body.seq
          }, so the change is in events ${a.audit.head.seq + 1}–${
            b.audit.head.seq
          }`,
      });

      // The approval (before the first checkpoint) rewritten, the decision table edited to match.
      const approveSeq = seqOf(b, 'gate.approve', 'intake');
      const again = await rewriteStoredChain(knex, ref, events => {
        events.find(e => e.seq === approveSeq)!.actor = USERS.security;
      });
      await knex('hip_gate_decisions')
        .where({ entity_ref: ref, gate_id: 'intake' })
        .update({ decided_by: USERS.security });
      result = await verify('proof-db');
      expect(result.binding.ok).toBe(true);
      expect(result).toMatchObject({
        ok: false,
        firstBrokenSeq: 1,
        reason:
          `the chain was rewritten: event ${a.audit.head.seq} has hash ${h12(
            again[a.audit.head.seq - 1].hash,
          )} but checkpoint #${a.checkpoint!.body.seq} signed ${h12(
            a.audit.head.hash,
          )}; ` +
          `no signed head of this chain still matches, so the change is in events 1–${a.audit.head.seq}`,
      });

      // The signer does not sign the rewritten head: a new export is not covered, and says so.
      const exported = (
        await api.as(USERS.compliance).get(`${path('proof-db')}/audit/export`)
      ).body as EvidencePack;
      expect(exported.verification.checkpoint.ok).toBe(false);
      expect(exported.verification.checkpoint.message).toContain(
        `the signer refused this chain's head: event ${b.audit.head.seq} no longer has the hash signed before`,
      );
      const offline = verifyEvidencePack(exported, { keys });
      expect(offline.exitCode).toBe(1);
      expect(offline.problems).toContain(
        `event ${b.audit.head.seq} has hash ${h12(
          again[b.audit.head.seq - 1].hash,
        )} in the pack, but checkpoint #${
          exported.checkpoint!.body.seq
        } signed ${h12(b.audit.head.hash)} for it: the chain was rewritten`,
      );
    });

    it('catches tables that disagree with the chain, naming the field and the event', async () => {
      await api
        .as(USERS.requester)
        .post('/integrations', intake('proof-tables'));
      await api
        .as(USERS.business)
        .post(`${path('proof-tables')}/gates/intake/decisions`, {
          decision: 'approve',
          comment: 'ok to proceed',
        });
      const ref = refOf('proof-tables');
      const approve = await knex('hip_audit_events')
        .where({ entity_ref: ref, action: 'gate.approve' })
        .first();
      // Rewritten chain (a different approver), decision table left as it was.
      await rewriteStoredChain(knex, ref, events => {
        events.find(e => e.action === 'gate.approve')!.actor = USERS.security;
      });
      let result = await verify('proof-tables');
      expect(result).toMatchObject({
        ok: false,
        chain: { ok: true },
        checkpoint: { ok: true, status: 'not-yet-covered' },
      });
      expect(result.binding.differences.map((d: any) => d.message)).toEqual([
        `gates[intake].decisions[businessOwner #1].decidedBy: the database says "${USERS.business}"; the chain says "${USERS.security}" (event ${approve.seq})`,
      ]);
      expect(result.firstBrokenSeq).toBe(Number(approve.seq));
      // A gate set to approved in the table, with no event.
      await knex('hip_gates')
        .where({ entity_ref: ref, gate_id: 'mapping-review' })
        .update({ status: 'approved' });
      result = await verify('proof-tables');
      expect(result.problems).toContain(
        'binding: gates[mapping-review].status: the database says "approved"; the chain says "pending" (event 1)',
      );
    });

    it('catches stored checkpoint heads that no longer produce the signed Merkle root', async () => {
      const { pack: p } = await scenario(api, 'proof-heads');
      await knex('hip_audit_checkpoint_heads')
        .where({
          entity_ref: refOf('proof-heads'),
          checkpoint_seq: p.checkpoint!.body.seq,
        })
        .update({ hash: 'f'.repeat(64) });
      const result = await verify('proof-heads');
      expect(result).toMatchObject({
        ok: false,
        checkpoint: { status: 'invalid' },
      });
      expect(result.checkpoint.message).toBe(
        `the stored heads of checkpoint #${
          p.checkpoint!.body.seq
        } no longer produce its signed Merkle root: they were changed`,
      );
    });
  });
});

describe.each(databases.eachSupportedId())(
  'key rotation, archive and refusal to run unsigned on %s',
  databaseId => {
    it('keeps packs and checkpoints signed by a rotated key verifiable', async () => {
      const knex = await databases.init(databaseId);
      const k1 = generateSigningKey();
      const k2 = generateSigningKey('ECDSA-P256-SHA256');
      const first = await startGovernanceBackend(knex, {
        config: {
          healthcareIntegration: {
            audit: { signing: { privateKey: k1.privateKeyPem } },
          },
        },
      });
      const { pack: a } = await scenario(first, 'rotated');
      expect(a.signature.keyId).toBe(k1.keyId);
      const retiredAt = new Date().toISOString();
      const second = await startGovernanceBackend(knex, {
        config: {
          healthcareIntegration: {
            audit: {
              signing: {
                privateKey: k2.privateKeyPem,
                keyId: 'audit-2027',
                previousPublicKeys: [{ publicKey: k1.publicKeyPem, retiredAt }],
              },
            },
          },
        },
      });
      const keys: KeysDocument = (
        await second.as(USERS.compliance).get('/audit/keys')
      ).body;
      expect(keys.keys.map(k => [k.keyId, k.status, k.algorithm])).toEqual([
        ['audit-2027', 'current', 'ECDSA-P256-SHA256'],
        [k1.keyId, 'retired', 'Ed25519'],
      ]);
      expect(verifyEvidencePack(a, { keys })).toMatchObject({
        ok: true,
        exitCode: 0,
      });
      // The database's latest checkpoint is still the old key's: verifiable with the rotated keys.
      expect(
        (
          await second
            .as(USERS.compliance)
            .get(`${path('rotated')}/audit/verify`)
        ).body,
      ).toMatchObject({
        ok: true,
        checkpoint: { status: 'covered', checkpoint: { keyId: k1.keyId } },
      });
      const b = (
        await second.as(USERS.compliance).get(`${path('rotated')}/audit/export`)
      ).body as EvidencePack;
      expect(b.signature.keyId).toBe('audit-2027');
      expect(b.checkpoint!.body.previousSignature).toBe(
        a.checkpoint!.signature.value,
      );
      expect(verifyEvidencePack(b, { keys })).toMatchObject({
        ok: true,
        exitCode: 0,
      });
      // Only the new key pinned: the old pack cannot be trusted.
      const onlyNew = parseKeys(
        createPublicKey(k2.privateKeyPem)
          .export({ type: 'spki', format: 'pem' })
          .toString(),
      );
      expect(verifyEvidencePack(a, { keys: onlyNew }).problems[0]).toBe(
        `the pack is signed by key ${k1.keyId}, which is not among the pinned keys (${onlyNew.keys[0].keyId})`,
      );
      // A retired key that signs after its retirement is not trusted.
      const early = {
        ...keys,
        keys: keys.keys.map(k =>
          k.keyId === k1.keyId
            ? { ...k, retiredAt: '2020-01-01T00:00:00.000Z' }
            : k,
        ),
      };
      expect(verifyEvidencePack(a, { keys: early })).toMatchObject({
        exitCode: 3,
        problems: [
          `the pack is signed by key ${k1.keyId} at ${a.generatedAt}, after the key was retired on 2020-01-01T00:00:00.000Z`,
          `checkpoint #${a.checkpoint!.body.seq} is signed by key ${
            k1.keyId
          } at ${
            a.checkpoint!.body.at
          }, after the key was retired on 2020-01-01T00:00:00.000Z`,
        ],
      });
    });

    it('archives (and time-stamps) checkpoints outside the database and catches checkpoints removed from it', async () => {
      const knex = await databases.init(databaseId);
      const directory = mkdtempSync(join(tmpdir(), 'hip-archive-'));
      // A stand-in RFC 3161 authority: answers every query with a granted TimeStampResp.
      const granted = Buffer.from('3009300302010030020500', 'hex');
      const queries: Buffer[] = [];
      const tsa = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', c => chunks.push(c));
        req.on('end', () => {
          queries.push(Buffer.concat(chunks));
          res.end(granted);
        });
      });
      await new Promise<void>(r => tsa.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(tsa.address() as AddressInfo).port}/tsr`;
      try {
        const api = await startGovernanceBackend(knex, {
          config: {
            healthcareIntegration: {
              audit: { archive: { directory, timestampAuthority: { url } } },
            },
          },
        });
        const { older, pack } = await scenario(api, 'archived');
        expect(readdirSync(directory).sort()).toEqual([
          'checkpoint-0000000001.json',
          'checkpoint-0000000001.tsr',
          'checkpoint-0000000002.json',
          'checkpoint-0000000002.tsr',
        ]);
        expect(
          readFileSync(join(directory, 'checkpoint-0000000002.tsr')),
        ).toEqual(granted);
        // Each query time-stamps the SHA-256 of that checkpoint's signature bytes.
        expect(
          queries[1].includes(
            createHash('sha256')
              .update(Buffer.from(pack.checkpoint!.signature.value, 'base64'))
              .digest(),
          ),
        ).toBe(true);
        const archivedFile = JSON.parse(
          readFileSync(join(directory, 'checkpoint-0000000002.json'), 'utf8'),
        );
        expect(archivedFile).toMatchObject({
          body: pack.checkpoint!.body,
          signature: pack.checkpoint!.signature,
        });
        expect(archivedFile.leaves).toEqual([pack.checkpoint!.leaf]);
        const listed = await api.asService().get('/audit/checkpoints');
        expect(listed.status).toBe(200);
        expect(
          listed.body.items.map((c: any) => [
            c.body.seq,
            Boolean(c.archivedAt),
            c.timestamped,
          ]),
        ).toEqual([
          [2, true, true],
          [1, true, true],
        ]);
        await removedCheckpointIsCaught(knex, api, directory, older, pack);
      } finally {
        tsa.close();
      }
    });

    async function removedCheckpointIsCaught(
      knex: Knex,
      api: Api,
      directory: string,
      older: EvidencePack,
      pack: EvidencePack,
    ) {
      // Someone with database access removes the newest checkpoint (to hide what it signed).
      await knex('hip_audit_checkpoint_heads')
        .where({ checkpoint_seq: 2 })
        .delete();
      await knex('hip_audit_checkpoints').where({ seq: 2 }).delete();
      const result = (
        await api.as(USERS.compliance).get(`${path('archived')}/audit/verify`)
      ).body;
      expect(result).toMatchObject({
        ok: false,
        checkpoint: { status: 'invalid' },
      });
      expect(result.checkpoint.message).toBe(
        `checkpoint #2 is in the archive (${directory}) but the database's newest is #1: checkpoints were removed from the database`,
      );
      expect(older.checkpoint!.body.seq).toBe(1);
      expect(pack.checkpoint!.body.seq).toBe(2);
      expect(existsSync(join(directory, 'checkpoint-0000000002.json'))).toBe(
        true,
      );
    }

    it('refuses to start without a signing key outside development', async () => {
      const knex = await databases.init(databaseId);
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await expect(
          startGovernanceBackend(knex, {
            config: { healthcareIntegration: { audit: { signing: {} } } },
          }),
        ).rejects.toThrow(
          /healthcareIntegration\.audit\.signing is not configured, so the audit trail could not be signed/,
        );
      } finally {
        process.env.NODE_ENV = env;
      }
    });
  },
);
