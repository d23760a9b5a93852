import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  SigningKeys,
  checkSignature,
  generateSigningKey,
  loadSigningKeys,
  parseKeys,
} from './signingKeys';

const logger = () => ({ warn: jest.fn(), info: jest.fn() });
const config = (signing?: object) =>
  new ConfigReader(
    signing ? { healthcareIntegration: { audit: { signing } } } : {},
  );

describe('audit signing keys', () => {
  it('signs with Ed25519 and ECDSA P-256, and the signatures check with node:crypto directly', () => {
    for (const algorithm of ['Ed25519', 'ECDSA-P256-SHA256'] as const) {
      const k = generateSigningKey(algorithm);
      const keys = new SigningKeys(k.privateKeyPem);
      const sig = keys.sign('checkpoint body');
      expect(sig).toMatchObject({ keyId: k.keyId, algorithm });
      const pub = createPublicKey(k.publicKeyPem);
      const ok =
        algorithm === 'Ed25519'
          ? verify(
              null,
              Buffer.from('checkpoint body'),
              pub,
              Buffer.from(sig.value, 'base64'),
            )
          : verify(
              'sha256',
              Buffer.from('checkpoint body'),
              { key: pub, dsaEncoding: 'ieee-p1363' },
              Buffer.from(sig.value, 'base64'),
            );
      expect(ok).toBe(true);
      const doc = keys.document();
      expect(
        checkSignature(doc, sig, 'checkpoint body', undefined, 'x'),
      ).toMatchObject({ ok: true });
      expect(
        checkSignature(doc, sig, 'checkpoint body!', undefined, 'x'),
      ).toMatchObject({ ok: false, kind: 'invalid' });
    }
  });

  it('refuses an RSA key', () => {
    const { generateKeyPairSync } = require('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(
      () =>
        new SigningKeys(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    ).toThrow(/use Ed25519 or ECDSA P-256/);
  });

  it('refuses to start without a key outside development, naming what to configure', () => {
    expect(() => loadSigningKeys(config(), logger(), 'production')).toThrow(
      /healthcareIntegration\.audit\.signing is not configured.*keyFile.*privateKey/,
    );
    // NODE_ENV unset is not development either.
    expect(() => loadSigningKeys(config(), logger(), '')).toThrow(
      /not configured/,
    );
  });

  it('in development or test without a key, signs with an ephemeral key and says so loudly', () => {
    const log = logger();
    const keys = loadSigningKeys(config(), log, 'development');
    expect(keys.algorithm).toBe('Ed25519');
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^!!! NO AUDIT SIGNING KEY CONFIGURED: an ephemeral key/,
      ),
    );
  });

  it('generates a development key file once (mode 0600), warns on every start, and refuses it in production', () => {
    const file = join(
      mkdtempSync(join(tmpdir(), 'devkey-')),
      'nested',
      'audit-signing.dev.pem',
    );
    const log = logger();
    const first = loadSigningKeys(
      config({ developmentKeyFile: file }),
      log,
      'development',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSigningKeys(
      config({ developmentKeyFile: file }),
      log,
      'development',
    );
    expect(second.keyId).toBe(first.keyId);
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn.mock.calls[0][0]).toMatch(
      /^!!! AUDIT SIGNING USES A DEVELOPMENT KEY .* Never use it in production/,
    );
    expect(() =>
      loadSigningKeys(config({ developmentKeyFile: file }), log, 'production'),
    ).toThrow(/developmentKeyFile is set but NODE_ENV is production/);
  });

  it('reads a key file or a PEM from config, with a key id and previous public keys for rotation', () => {
    const current = generateSigningKey('ECDSA-P256-SHA256');
    const old = generateSigningKey();
    const file = join(mkdtempSync(join(tmpdir(), 'key-')), 'audit.pem');
    writeFileSync(file, current.privateKeyPem);
    const fromFile = loadSigningKeys(
      config({
        keyFile: file,
        keyId: 'hospital-2027',
        previousPublicKeys: [
          { publicKey: old.publicKeyPem, retiredAt: '2027-01-01T00:00:00Z' },
        ],
      }),
      logger(),
      'production',
    );
    expect(fromFile.document().keys).toEqual([
      {
        keyId: 'hospital-2027',
        algorithm: 'ECDSA-P256-SHA256',
        publicKey: current.publicKeyPem,
        status: 'current',
      },
      {
        keyId: old.keyId,
        algorithm: 'Ed25519',
        publicKey: old.publicKeyPem,
        status: 'retired',
        retiredAt: '2027-01-01T00:00:00.000Z',
      },
    ]);
    expect(
      loadSigningKeys(
        config({ privateKey: current.privateKeyPem }),
        logger(),
        'production',
      ).keyId,
    ).toBe(current.keyId);
    expect(() =>
      loadSigningKeys(
        config({ privateKey: current.privateKeyPem, keyFile: file }),
        logger(),
        'production',
      ),
    ).toThrow(/not both/);
    // The keys document round-trips as the verifier's pinned keys file.
    expect(parseKeys(JSON.stringify(fromFile.document()))).toEqual(
      fromFile.document(),
    );
  });
});
