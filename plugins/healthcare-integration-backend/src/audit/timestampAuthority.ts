import { createHash, randomBytes } from 'node:crypto';

/**
 * Optional RFC 3161 time-stamping of checkpoints (off unless
 * `healthcareIntegration.audit.archive.timestampAuthority.url` is set): a third party's signed
 * statement that the checkpoint signature existed at a time, so that even the audit key's holder
 * cannot backdate one. The token is kept next to the archived checkpoint
 * (`checkpoint-NNNNNNNNNN.tsr`) and checked with the TSA's certificate, e.g.
 * `openssl ts -verify -digest <sha256 of the signature bytes> -in checkpoint-….tsr -CAfile tsa.pem`.
 */
export interface TimestampAuthority {
  /** Returns the DER TimeStampResp for the SHA-256 digest. */
  timestamp(digest: Buffer): Promise<Buffer>;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, value: Buffer) =>
  Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);

const SHA256_ALGORITHM = Buffer.from('300d06096086480165030402010500', 'hex');

/** DER TimeStampReq (RFC 3161 §2.4.1) for a SHA-256 digest, asking for the TSA certificate. */
export function timestampRequest(digest: Buffer, nonce?: Buffer): Buffer {
  if (digest.length !== 32)
    throw new Error('timestampRequest: a SHA-256 digest is 32 bytes');
  const imprint = tlv(
    0x30,
    Buffer.concat([SHA256_ALGORITHM, tlv(0x04, digest)]),
  );
  const parts = [tlv(0x02, Buffer.from([1])), imprint];
  if (nonce)
    parts.push(
      tlv(
        0x02,
        nonce[0] & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce,
      ),
    );
  parts.push(tlv(0x01, Buffer.from([0xff])));
  return tlv(0x30, Buffer.concat(parts));
}

function readHeader(der: Buffer, at: number) {
  const tag = der[at];
  let len = der[at + 1];
  let offset = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + der[offset + i];
    offset += count;
  }
  return { tag, len, offset };
}

/** PKIStatus of a DER TimeStampResp: 0 granted, 1 granted with modifications, else refused. */
export function timestampResponseStatus(der: Buffer): number {
  const outer = readHeader(der, 0);
  const statusInfo = readHeader(der, outer.offset);
  const status = readHeader(der, statusInfo.offset);
  if (outer.tag !== 0x30 || statusInfo.tag !== 0x30 || status.tag !== 0x02) {
    throw new Error('not an RFC 3161 TimeStampResp');
  }
  return der.readUIntBE(status.offset, status.len);
}

/** An RFC 3161 TSA reached over HTTP (`application/timestamp-query`). */
export class HttpTimestampAuthority implements TimestampAuthority {
  constructor(
    private readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async timestamp(digest: Buffer): Promise<Buffer> {
    const res = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: new Uint8Array(timestampRequest(digest, randomBytes(8))),
    });
    if (!res.ok)
      throw new Error(
        `time-stamp authority ${this.url} answered ${res.status}`,
      );
    const der = Buffer.from(await res.arrayBuffer());
    const status = timestampResponseStatus(der);
    if (status > 1)
      throw new Error(
        `time-stamp authority ${this.url} refused the request (PKIStatus ${status})`,
      );
    return der;
  }
}

/** What a checkpoint's time-stamp covers: the SHA-256 of its signature bytes. */
export function checkpointTimestampDigest(signatureBase64: string): Buffer {
  return createHash('sha256')
    .update(Buffer.from(signatureBase64, 'base64'))
    .digest();
}
