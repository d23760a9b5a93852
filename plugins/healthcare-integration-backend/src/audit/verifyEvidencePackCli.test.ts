import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditEvent } from '@internal/plugin-healthcare-integration-common';
import { GENESIS_HASH, chainHash, chainHashOfStored, verifyChain, verifyStoredChain } from './chain';
import { EVIDENCE_PACK_FORMAT } from './evidencePack';

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
    expect(verifyChain('component:default/x', events, { seq: 5, hash: events[4].hash })).toMatchObject({ ok: true, events: 5 });
  });
  it('names an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], payload: { n: 99 } };
    expect(verifyChain('component:default/x', events)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
  it('names an edited event whose hash was recomputed by the editor', () => {
    const events = chain(5);
    const forged = { ...events[1], actor: 'user:default/mallory' };
    events[1] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    expect(verifyChain('component:default/x', events)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });
  it('names a removed event and a removed last event', () => {
    const events = chain(5);
    expect(verifyChain('component:default/x', [...events.slice(0, 3), events[4]])).toMatchObject({ firstBrokenSeq: 4 });
    expect(verifyChain('component:default/x', events.slice(0, 4), { seq: 5, hash: events[4].hash })).toMatchObject({
      ok: false,
      firstBrokenSeq: 5,
    });
  });
});

describe('verifyStoredChain (the API path, over stored rows)', () => {
  const toRows = (events: AuditEvent[]) =>
    events.map(e => ({
      entity_ref: e.integrationRef, seq: e.seq, at: e.at, actor: e.actor, action: e.action,
      subject: e.subject, payload: JSON.stringify(e.payload), prev_hash: e.prevHash, hash: e.hash,
    }));
  it('hashes exactly what chainHash hashes', () => {
    const [e] = chain(1);
    expect(chainHashOfStored(GENESIS_HASH, toRows([e])[0])).toBe(chainHash(GENESIS_HASH, e));
    expect(verifyStoredChain('component:default/x', toRows(chain(6)))).toMatchObject({ ok: true, events: 6 });
  });
  it('names an edited row, a missing row and a missing last row', () => {
    const rows = toRows(chain(6));
    const edited = rows.map(r => (r.seq === 4 ? { ...r, actor: 'user:default/mallory' } : r));
    expect(verifyStoredChain('component:default/x', edited)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    expect(verifyStoredChain('component:default/x', rows.filter(r => r.seq !== 2))).toMatchObject({ firstBrokenSeq: 2 });
    expect(verifyStoredChain('component:default/x', rows.slice(0, 5), { seq: 6, hash: rows[5].hash })).toMatchObject({ firstBrokenSeq: 6 });
  });
});

describe('hip-verify-evidence-pack CLI', () => {
  const bin = resolve(__dirname, '../../bin/verify-evidence-pack');
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  const events = chain(4);
  const pack = {
    format: EVIDENCE_PACK_FORMAT,
    integration: { entityRef: 'component:default/x' },
    evidence: [{ id: 'ev-1', title: 'BAA', sha256: 'a'.repeat(64) }],
    audit: { head: { seq: 4, hash: events[3].hash }, events },
  };
  const run = (p: object) => {
    const file = join(dir, `${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(p));
    try {
      return { code: 0, out: execFileSync(process.execPath, [bin, file], { encoding: 'utf8' }) };
    } catch (e: any) {
      return { code: e.status, out: String(e.stdout) };
    }
  };

  it('exits 0 on an intact pack', () => {
    const r = run(pack);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK component:default\/x: 4 audit events/);
  });

  it('exits 1 naming the broken event or the swapped evidence hash', () => {
    const edited = JSON.parse(JSON.stringify(pack));
    edited.audit.events[1].actor = 'user:default/mallory';
    const r = run(edited);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/audit chain broken at event 2/);
    const swapped = JSON.parse(JSON.stringify(pack));
    swapped.evidence[0].sha256 = 'b'.repeat(64);
    expect(run(swapped).out).toMatch(/differs from the chained/);
  });
});
