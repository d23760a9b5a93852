import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  DirectoryCheckpointArchive,
  checkpointFileName,
} from './checkpointArchive';
import {
  CheckpointLeaf,
  FullCheckpoint,
  inclusionProof,
  merkleRoot,
  packCheckpointOf,
  sortLeaves,
  verifyInclusion,
} from './checkpoints';
import {
  HttpTimestampAuthority,
  checkpointTimestampDigest,
  timestampRequest,
  timestampResponseStatus,
} from './timestampAuthority';

const H = (...parts: Buffer[]) =>
  createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (i: number): CheckpointLeaf => ({
  integrationRef: `component:default/i-${String(i).padStart(3, '0')}`,
  seq: i + 1,
  hash: 'ab'.repeat(32),
});
/** RFC 6962 leaf and node hashes, written out from the RFC. */
const L = (l: CheckpointLeaf) =>
  H(
    Buffer.from([0]),
    Buffer.from(
      canonicalJson({
        integrationRef: l.integrationRef,
        seq: l.seq,
        hash: l.hash,
      }),
    ),
  );
const N = (a: Buffer, b: Buffer) => H(Buffer.from([1]), a, b);

describe('Merkle tree over chain heads (RFC 6962)', () => {
  it('computes the tree hash as the RFC defines it', () => {
    const ls = [0, 1, 2, 3, 4].map(leaf);
    expect(merkleRoot([])).toBe(H().toString('hex'));
    expect(merkleRoot(ls.slice(0, 1))).toBe(L(ls[0]).toString('hex'));
    expect(merkleRoot(ls.slice(0, 2))).toBe(
      N(L(ls[0]), L(ls[1])).toString('hex'),
    );
    // n = 3: k = 2, so MTH = H(1 ‖ MTH(d0,d1) ‖ MTH(d2)).
    expect(merkleRoot(ls.slice(0, 3))).toBe(
      N(N(L(ls[0]), L(ls[1])), L(ls[2])).toString('hex'),
    );
    // n = 5: k = 4.
    expect(merkleRoot(ls)).toBe(
      N(N(N(L(ls[0]), L(ls[1])), N(L(ls[2]), L(ls[3]))), L(ls[4])).toString(
        'hex',
      ),
    );
  });

  it('proves the inclusion of every leaf for trees of 1 to 33 leaves, and nothing else', () => {
    for (let n = 1; n <= 33; n++) {
      const ls = sortLeaves(Array.from({ length: n }, (_, i) => leaf(i)));
      const root = merkleRoot(ls);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(ls, i);
        expect(verifyInclusion(ls[i], i, n, proof, root)).toBe(true);
        // Another head for the same chain, another index, a changed proof: all refused.
        expect(
          verifyInclusion(
            { ...ls[i], hash: 'cd'.repeat(32) },
            i,
            n,
            proof,
            root,
          ),
        ).toBe(false);
        // (A one-leaf tree has no other index and an empty proof.)
        expect(
          n === 1 || verifyInclusion(ls[i], (i + 1) % n, n, proof, root),
        ).toBe(n === 1);
        expect(
          n === 1 ||
            verifyInclusion(
              ls[i],
              i,
              n,
              proof.map((p, j) => (j === 0 ? 'ef'.repeat(32) : p)),
              root,
            ),
        ).toBe(n === 1);
      }
    }
  });

  it('sorts leaves by ref as strings, whatever order the database returned them in', () => {
    const ls = [leaf(2), leaf(0), leaf(1)];
    expect(sortLeaves(ls).map(l => l.seq)).toEqual([1, 2, 3]);
    const full: FullCheckpoint = {
      body: { merkleRoot: merkleRoot(sortLeaves(ls)), treeSize: 3 } as any,
      signature: {} as any,
      leaves: ls,
    };
    const pc = packCheckpointOf(full, leaf(1).integrationRef)!;
    expect(pc.leafIndex).toBe(1);
    expect(
      verifyInclusion(
        pc.leaf,
        pc.leafIndex,
        3,
        pc.inclusionProof,
        full.body.merkleRoot,
      ),
    ).toBe(true);
  });
});

describe('directory archive', () => {
  const checkpoint = (seq: number, extra = ''): FullCheckpoint => ({
    body: { seq, at: `2026-12-01T10:00:0${seq}.000Z${extra}` } as any,
    signature: { keyId: 'k', algorithm: 'Ed25519', value: 'c2ln' },
    leaves: [leaf(0)],
  });

  it('writes each checkpoint once, read-only, never replacing one already there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hip-archive-unit-'));
    const archive = new DirectoryCheckpointArchive(dir);
    expect(await archive.latest()).toBeUndefined();
    await archive.write(checkpoint(1));
    await archive.write(
      checkpoint(2),
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]),
    );
    const file = join(dir, checkpointFileName(2));
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readFileSync(file.replace(/json$/, 'tsr'))).toEqual(
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]),
    );
    // The same checkpoint again (a retry) is fine; different content is refused and the file stays.
    await archive.write(checkpoint(2));
    const before = readFileSync(file, 'utf8');
    await expect(archive.write(checkpoint(2, 'x'))).rejects.toThrow(
      /already archived with different content; it is left as it is/,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await archive.latest())!.body.seq).toBe(2);
  });
});

describe('RFC 3161 time-stamp plug-in', () => {
  const digest = createHash('sha256').update('checkpoint signature').digest();

  it('encodes a TimeStampReq as the RFC defines it', () => {
    // SEQUENCE { INTEGER 1, SEQUENCE { SEQUENCE { OID sha256, NULL }, OCTET STRING digest }, BOOLEAN TRUE }
    const expected =
      `3039020101303130${'0d'}06096086480165030402010500 0420${digest.toString(
        'hex',
      )}0101ff`.replace(/ /g, '');
    expect(timestampRequest(digest).toString('hex')).toBe(expected);
    const withNonce = timestampRequest(digest, Buffer.from([0x81, 0x02]));
    expect(withNonce.toString('hex')).toBe(
      `303e020101303130${'0d'}06096086480165030402010500 0420${digest.toString(
        'hex',
      )}0203008102 0101ff`.replace(/ /g, ''),
    );
  });

  (existsSync('/usr/bin/openssl') ? describe : describe.skip)(
    'with openssl at hand',
    () => {
      it('produces the same request bytes as openssl ts -query', () => {
        const dir = mkdtempSync(join(tmpdir(), 'tsq-'));
        const out = join(dir, 'q.tsq');
        execFileSync(
          'openssl',
          [
            'ts',
            '-query',
            '-digest',
            digest.toString('hex'),
            '-sha256',
            '-cert',
            '-no_nonce',
            '-out',
            out,
          ],
          { stdio: 'ignore' },
        );
        expect(readFileSync(out)).toEqual(timestampRequest(digest));
      });
    },
  );

  it('posts the request to the authority and keeps a granted response; a refusal is an error', async () => {
    const granted = Buffer.from('3009300302010030020500', 'hex');
    const refused = Buffer.from('30053003020102', 'hex');
    expect(timestampResponseStatus(granted)).toBe(0);
    expect(timestampResponseStatus(refused)).toBe(2);
    let body = Buffer.alloc(0);
    let contentType = '';
    let answer = granted;
    const server = createServer((req, res) => {
      contentType = String(req.headers['content-type']);
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        body = Buffer.concat(chunks);
        res.setHeader('Content-Type', 'application/timestamp-reply');
        res.end(answer);
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as any).port}/tsa`;
      const tsa = new HttpTimestampAuthority(url);
      const d = checkpointTimestampDigest(
        Buffer.from('sig').toString('base64'),
      );
      expect(await tsa.timestamp(d)).toEqual(granted);
      expect(contentType).toBe('application/timestamp-query');
      // The digest is in the request's message imprint.
      expect(body.includes(d)).toBe(true);
      answer = refused;
      await expect(tsa.timestamp(d)).rejects.toThrow(
        /refused the request \(PKIStatus 2\)/,
      );
    } finally {
      server.close();
    }
  });

  it('time-stamps the signature bytes', () => {
    const sig = Buffer.from('signature bytes');
    expect(checkpointTimestampDigest(sig.toString('base64'))).toEqual(
      createHash('sha256').update(sig).digest(),
    );
  });
});
