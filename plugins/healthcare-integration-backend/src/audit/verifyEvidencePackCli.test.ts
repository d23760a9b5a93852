import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  GENESIS_HASH,
  chainHash,
  chainHashOfStored,
  verifyChain,
  verifyStoredChain,
} from '../database/auditChain';
import { EVIDENCE_PACK_FORMAT_V1, type EvidencePack } from './evidencePack';
import { generateSigningKey } from './signingKeys';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { copy } from '../testing/forgery';

jest.setTimeout(60_000);

function chain(n: number, ref = 'component:default/x'): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      integrationRef: ref,
      seq,
      at: `2026-11-24T10:00:0${seq % 10}.000Z`,
      actor: 'user:default/a',
      action: seq === 1 ? 'evidence.uploaded' : 'gate.approve',
      subject: seq === 1 ? 'ev-1' : 'intake',
      payload: seq === 1 ? { sha256: 'a'.repeat(64) } : { n: seq },
    };
    const hash = chainHash(prev, e);
    events.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('verifyChain', () => {
  it('accepts an intact chain and its head', () => {
    const events = chain(5);
    expect(
      verifyChain('component:default/x', events, {
        seq: 5,
        hash: events[4].hash,
      }),
    ).toMatchObject({ ok: true, events: 5 });
  });
  it('names an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], payload: { n: 99 } };
    expect(verifyChain('component:default/x', events)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
    });
  });
  it('names an edited event whose hash was recomputed by the editor', () => {
    const events = chain(5);
    const forged = { ...events[1], actor: 'user:default/mallory' };
    events[1] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    expect(verifyChain('component:default/x', events)).toMatchObject({
      ok: false,
      firstBrokenSeq: 2,
    });
  });
  it('names a removed event and a removed last event', () => {
    const events = chain(5);
    expect(
      verifyChain('component:default/x', [...events.slice(0, 3), events[4]]),
    ).toMatchObject({ firstBrokenSeq: 4 });
    expect(
      verifyChain('component:default/x', events.slice(0, 4), {
        seq: 5,
        hash: events[4].hash,
      }),
    ).toMatchObject({
      ok: false,
      firstBrokenSeq: 5,
    });
  });
});

describe('verifyStoredChain (the API path, over stored rows)', () => {
  const toRows = (events: AuditEvent[]) =>
    events.map(e => ({
      entity_ref: e.integrationRef,
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      payload: JSON.stringify(e.payload),
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
  it('hashes exactly what chainHash hashes', () => {
    const [e] = chain(1);
    expect(chainHashOfStored(GENESIS_HASH, toRows([e])[0])).toBe(
      chainHash(GENESIS_HASH, e),
    );
    expect(
      verifyStoredChain('component:default/x', toRows(chain(6))),
    ).toMatchObject({ ok: true, events: 6 });
  });
  it('names an edited row, a missing row and a missing last row', () => {
    const rows = toRows(chain(6));
    const edited = rows.map(r =>
      r.seq === 4 ? { ...r, actor: 'user:default/mallory' } : r,
    );
    expect(verifyStoredChain('component:default/x', edited)).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
    });
    expect(
      verifyStoredChain(
        'component:default/x',
        rows.filter(r => r.seq !== 2),
      ),
    ).toMatchObject({ firstBrokenSeq: 2 });
    expect(
      verifyStoredChain('component:default/x', rows.slice(0, 5), {
        seq: 6,
        hash: rows[5].hash,
      }),
    ).toMatchObject({ firstBrokenSeq: 6 });
  });
});

const sqlite = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('hip-verify-evidence-pack CLI', () => {
  const bin = resolve(__dirname, '../../bin/verify-evidence-pack');
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  const file = (name: string, content: string | object) => {
    const p = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
    writeFileSync(
      p,
      typeof content === 'string' ? content : JSON.stringify(content),
    );
    return p;
  };
  const run = (args: string[]) => {
    try {
      return {
        code: 0,
        out: execFileSync(process.execPath, [bin, ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
        err: '',
      };
    } catch (e: any) {
      return {
        code: e.status as number,
        out: String(e.stdout),
        err: String(e.stderr),
      };
    }
  };
  let pack: EvidencePack;
  let keysFile: string;
  let keyId: string;
  let latestFile: string;
  let olderPack: EvidencePack;

  beforeAll(async () => {
    const knex = await sqlite.init('SQLITE_3');
    const api = await startGovernanceBackend(knex);
    await api.as(USERS.requester).post('/integrations', intake('cli'));
    await api.as(USERS.requester).post('/integrations/default/cli/evidence', {
      kind: 'other',
      title: 'BAA',
      mediaType: 'application/pdf',
      contentBase64: base64('%PDF signed BAA'),
    });
    olderPack = (
      await api
        .as(USERS.compliance)
        .get('/integrations/default/cli/audit/export')
    ).body;
    await api
      .as(USERS.business)
      .post('/integrations/default/cli/gates/intake/decisions', {
        decision: 'approve',
        comment: 'fine',
      });
    pack = (
      await api
        .as(USERS.compliance)
        .get('/integrations/default/cli/audit/export')
    ).body;
    const keys = (await api.as(USERS.compliance).get('/audit/keys')).body;
    keyId = keys.keys[0].keyId;
    keysFile = file('keys.json', keys);
    latestFile = file(
      'latest.json',
      (
        await api
          .as(USERS.compliance)
          .get('/integrations/default/cli/audit/checkpoint')
      ).body,
    );
  });

  it('exits 0 on an intact pack, with a pinned keys file or the PEM public key, and writes the report', () => {
    const reportFile = join(dir, 'report.html');
    const r = run([
      file('pack.json', pack),
      '--keys',
      keysFile,
      '--report',
      reportFile,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `OK component:default/cli: ${
        pack.audit.events.length
      } audit events, head ${pack.audit.head.hash.slice(0, 12)}…; ` +
        `checkpoint #${pack.checkpoint!.body.seq} (${
          pack.checkpoint!.body.at
        }) and pack signed by key ${keyId}; ` +
        `records bound to the chain (${pack.audit.events.length} events replayed); 1 evidence file(s) and 0 link(s) match their hashes\n`,
    );
    expect(readFileSync(reportFile, 'utf8')).toBe(pack.report.html);
    const pem = file(
      'key.pem',
      JSON.parse(readFileSync(keysFile, 'utf8')).keys[0].publicKey,
    );
    expect(run([file('pack.json', pack), '--public-key', pem]).code).toBe(0);
  });

  it('exits 1 naming each problem of a tampered pack', () => {
    const edited = copy(pack);
    edited.audit.events[1].actor = 'user:default/mallory';
    const r = run([file('pack.json', edited), '--keys', keysFile]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      'FAILED component:default/cli: the pack does not verify (exit 1)',
      `  - [integrity] the pack signature does not verify with key ${keyId}: it was changed after it was signed`,
      '  - [integrity] audit chain broken at event 2: event 2 was altered: its content no longer matches its hash',
    ]);
    const swapped = copy(pack);
    swapped.evidence[0].sha256 = 'b'.repeat(64);
    expect(run([file('pack.json', swapped), '--keys', keysFile]).out).toContain(
      `  - [integrity] binding: evidence[${
        pack.evidence[0].id
      }].sha256: the pack says "${'b'.repeat(64)}"; the chain says "${
        pack.evidence[0].sha256
      }" (event ${
        pack.audit.events.find(e => e.subject === pack.evidence[0].id)!.seq
      })`,
    );
  });

  it('exits 3 when the signatures cannot be trusted: no key, a key not pinned, an unsigned v1 pack', () => {
    const none = run([file('pack.json', pack)]);
    expect(none.code).toBe(3);
    expect(none.err).toContain(
      'no --keys or --public-key given: signatures cannot be checked',
    );
    expect(none.out.split('\n')[0]).toBe(
      'UNTRUSTED component:default/cli: the signatures cannot be trusted with the given keys (exit 3)',
    );
    const other = file('other.pem', generateSigningKey().publicKeyPem);
    expect(run([file('pack.json', pack), '--public-key', other]).out).toContain(
      `  - [trust] the pack is signed by key ${keyId}, which is not among the pinned keys`,
    );
    const events = chain(4);
    const v1 = {
      format: EVIDENCE_PACK_FORMAT_V1,
      integration: { entityRef: 'component:default/x' },
      evidence: [{ id: 'ev-1', title: 'BAA', sha256: 'a'.repeat(64) }],
      audit: { head: { seq: 4, hash: events[3].hash }, events },
    };
    const legacy = run([file('v1.json', v1), '--keys', keysFile]);
    expect(legacy.code).toBe(3);
    expect(legacy.out).toContain(
      '  - [trust] unsigned healthcare-integration-evidence-pack/v1 pack: its chain head travels in the same file',
    );
    // A broken v1 chain is still named, and is a failure.
    const brokenV1 = copy(v1);
    brokenV1.audit.events[1].actor = 'user:default/mallory';
    const broken = run([file('v1.json', brokenV1), '--keys', keysFile]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('audit chain broken at event 2');
  });

  it('exits 4 for a pack that a later checkpoint has superseded', () => {
    const r = run([
      file('old.json', olderPack),
      '--keys',
      keysFile,
      '--latest-checkpoint',
      latestFile,
    ]);
    expect(r.code).toBe(4);
    expect(r.out.split('\n')[0]).toBe(
      'SUPERSEDED component:default/cli: the pack verifies but is not current (exit 4)',
    );
    expect(r.out).toContain(
      `the pack ends at event ${olderPack.audit.head.seq}`,
    );
    expect(
      run([
        file('pack.json', pack),
        '--keys',
        keysFile,
        '--latest-checkpoint',
        latestFile,
      ]).code,
    ).toBe(0);
  });

  it('exits 2 on usage errors and unreadable input', () => {
    expect(run([]).code).toBe(2);
    expect(run(['--keys']).code).toBe(2);
    expect(run([join(dir, 'missing.json'), '--keys', keysFile])).toMatchObject({
      code: 2,
    });
    expect(
      run([file('bad.json', '{"format":'), '--keys', keysFile]).err,
    ).toMatch(/is not JSON/);
    expect(
      run([file('pack.json', pack), '--keys', file('bad-keys.json', '{}')]).err,
    ).toMatch(/not a keys document/);
    expect(run([file('pack.json', pack), '--frobnicate']).err).toMatch(
      /unknown option --frobnicate/,
    );
  });
});
