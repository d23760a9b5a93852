import {
  KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The key that signs audit checkpoints and evidence packs. It lives outside the database (a key
 * file or the app-config secret store), so whoever can write the database cannot forge a
 * signature; an auditor checks signatures offline with the public key (`GET /audit/keys`).
 */

export type SigningAlgorithm = 'Ed25519' | 'ECDSA-P256-SHA256';

export const KEYS_FORMAT = 'healthcare-integration-audit-keys/v1';

export interface PublicKeyEntry {
  keyId: string;
  algorithm: SigningAlgorithm;
  /** SPKI PEM. */
  publicKey: string;
  status: 'current' | 'retired';
  /** After this instant the key signs nothing: a signature it made later is not trusted. */
  retiredAt?: string;
}

/** The public keys document: what `/audit/keys` serves and what an auditor pins. */
export interface KeysDocument {
  format: typeof KEYS_FORMAT;
  keys: PublicKeyEntry[];
}

/** A signature and who made it. */
export interface Signature {
  keyId: string;
  algorithm: SigningAlgorithm;
  /** Base64. */
  value: string;
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  if (
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    return 'ECDSA-P256-SHA256';
  }
  throw new Error(
    `Unsupported audit signing key (${key.asymmetricKeyType}${
      key.asymmetricKeyDetails?.namedCurve
        ? ` ${key.asymmetricKeyDetails.namedCurve}`
        : ''
    }): use Ed25519 or ECDSA P-256`,
  );
}

/** A key id derived from the public key: `sha256:` and the first 16 hex digits of the SPKI digest. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256')
    .update(der)
    .digest('hex')
    .slice(0, 16)}`;
}

function signBytes(
  algorithm: SigningAlgorithm,
  key: KeyObject,
  data: string,
): string {
  const bytes = Buffer.from(data, 'utf8');
  const signature =
    algorithm === 'Ed25519'
      ? cryptoSign(null, bytes, key)
      : cryptoSign('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' });
  return signature.toString('base64');
}

/** Whether `signature` is a valid signature of `data` by the entry's public key. */
export function verifySignature(
  entry: Pick<PublicKeyEntry, 'algorithm' | 'publicKey'>,
  data: string,
  signature: string,
) {
  try {
    const key = createPublicKey(entry.publicKey);
    if (algorithmOf(key) !== entry.algorithm) return false;
    const bytes = Buffer.from(data, 'utf8');
    const sig = Buffer.from(signature, 'base64');
    return entry.algorithm === 'Ed25519'
      ? cryptoVerify(null, bytes, key, sig)
      : cryptoVerify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

/** The private key in use, and every public key that may have signed something. */
export class SigningKeys {
  readonly keyId: string;
  readonly algorithm: SigningAlgorithm;
  private readonly privateKey: KeyObject;
  private readonly entries: PublicKeyEntry[];

  constructor(
    privateKeyPem: string,
    options: { keyId?: string; previous?: PublicKeyEntry[] } = {},
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.algorithm = algorithmOf(this.privateKey);
    const publicKey = createPublicKey(this.privateKey);
    this.keyId = options.keyId ?? fingerprintOf(publicKey);
    const current: PublicKeyEntry = {
      keyId: this.keyId,
      algorithm: this.algorithm,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      status: 'current',
    };
    const previous = (options.previous ?? []).map(p => ({
      ...p,
      status: 'retired' as const,
    }));
    const clash = previous.find(p => p.keyId === this.keyId);
    if (clash)
      throw new Error(
        `Audit signing key id ${this.keyId} is both the current key and a previous one`,
      );
    this.entries = [current, ...previous];
  }

  sign(data: string): Signature {
    return {
      keyId: this.keyId,
      algorithm: this.algorithm,
      value: signBytes(this.algorithm, this.privateKey, data),
    };
  }

  document(): KeysDocument {
    return { format: KEYS_FORMAT, keys: this.entries.map(e => ({ ...e })) };
  }
}

/** Generates a key pair (tests, and the development key file). */
export function generateSigningKey(algorithm: SigningAlgorithm = 'Ed25519') {
  const { privateKey, publicKey } =
    algorithm === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey
      .export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: fingerprintOf(publicKey),
    algorithm,
  };
}

/**
 * Checks a signature against pinned keys. `trust` problems mean the signature cannot be relied
 * on (unknown key, retired before it signed); `invalid` means the data changed after signing.
 */
export function checkSignature(
  keys: KeysDocument | undefined,
  signature: Signature | undefined,
  data: string,
  signedAt: string | undefined,
  what: string,
):
  | { ok: true; entry: PublicKeyEntry }
  | { ok: false; kind: 'trust' | 'invalid'; message: string } {
  if (!signature?.value || !signature.keyId)
    return { ok: false, kind: 'invalid', message: `${what} is not signed` };
  if (!keys) {
    return {
      ok: false,
      kind: 'trust',
      message: `${what} is signed by key ${signature.keyId}, but no public key was given to check it`,
    };
  }
  const entry = keys.keys.find(k => k.keyId === signature.keyId);
  if (!entry) {
    return {
      ok: false,
      kind: 'trust',
      message: `${what} is signed by key ${
        signature.keyId
      }, which is not among the pinned keys (${
        keys.keys.map(k => k.keyId).join(', ') || 'none'
      })`,
    };
  }
  if (entry.algorithm !== signature.algorithm) {
    return {
      ok: false,
      kind: 'invalid',
      message: `${what} claims ${signature.algorithm}, but key ${entry.keyId} is ${entry.algorithm}`,
    };
  }
  if (!verifySignature(entry, data, signature.value)) {
    return {
      ok: false,
      kind: 'invalid',
      message: `${what} signature does not verify with key ${entry.keyId}: it was changed after it was signed`,
    };
  }
  if (
    entry.retiredAt &&
    signedAt &&
    !(Date.parse(signedAt) <= Date.parse(entry.retiredAt))
  ) {
    return {
      ok: false,
      kind: 'trust',
      message: `${what} is signed by key ${entry.keyId} at ${signedAt}, after the key was retired on ${entry.retiredAt}`,
    };
  }
  return { ok: true, entry };
}

/** Reads a keys document (or a single PEM public key) as an auditor pins it. */
export function parseKeys(text: string): KeysDocument {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    return {
      format: KEYS_FORMAT,
      keys: [
        {
          keyId: fingerprintOf(key),
          algorithm: algorithmOf(key),
          publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
          status: 'current',
        },
      ],
    };
  }
  const doc = JSON.parse(trimmed) as KeysDocument;
  if (doc.format !== KEYS_FORMAT || !Array.isArray(doc.keys)) {
    throw new Error(
      `not a keys document (expected format ${KEYS_FORMAT}) or a PEM public key`,
    );
  }
  for (const k of doc.keys) {
    const key = createPublicKey(k.publicKey);
    if (algorithmOf(key) !== k.algorithm)
      throw new Error(`key ${k.keyId}: the PEM is not ${k.algorithm}`);
  }
  return doc;
}

/** NODE_ENV values in which a missing key is replaced by a generated one (with a loud warning). */
const DEVELOPMENT_ENVIRONMENTS = ['development', 'test'];

/**
 * The signing keys from config. Refuses to start without a key unless NODE_ENV is development
 * or test (then an ephemeral key is generated and the log says so loudly): a hospital's
 * backend never runs with an unsigned audit trail.
 */
export function loadSigningKeys(
  config: Config,
  logger: Pick<LoggerService, 'warn' | 'info'>,
  env: string | undefined = process.env.NODE_ENV,
): SigningKeys {
  const signing = config.getOptionalConfig(
    'healthcareIntegration.audit.signing',
  );
  const keyId = signing?.getOptionalString('keyId');
  const previous: PublicKeyEntry[] = (
    signing?.getOptionalConfigArray('previousPublicKeys') ?? []
  ).map(p => {
    const pem = p.getString('publicKey');
    const key = createPublicKey(pem);
    return {
      keyId: p.getOptionalString('keyId') ?? fingerprintOf(key),
      algorithm: algorithmOf(key),
      publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
      status: 'retired',
      ...(p.getOptionalString('retiredAt')
        ? { retiredAt: new Date(p.getString('retiredAt')).toISOString() }
        : {}),
    };
  });
  const privateKey = signing?.getOptionalString('privateKey');
  const keyFile = signing?.getOptionalString('keyFile');
  const devFile = signing?.getOptionalString('developmentKeyFile');
  const isDev = DEVELOPMENT_ENVIRONMENTS.includes(env ?? '');
  if (privateKey && keyFile) {
    throw new Error(
      'healthcareIntegration.audit.signing: give keyFile or privateKey, not both',
    );
  }
  if (privateKey) return new SigningKeys(privateKey, { keyId, previous });
  if (keyFile)
    return new SigningKeys(readFileSync(resolve(keyFile), 'utf8'), {
      keyId,
      previous,
    });
  if (devFile) {
    if (!isDev) {
      throw new Error(
        `healthcareIntegration.audit.signing.developmentKeyFile is set but NODE_ENV is ${
          env ?? 'unset'
        }: a generated development key may not sign a production audit trail. Configure keyFile or privateKey (docs/audit.md).`,
      );
    }
    const path = resolve(devFile);
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, generateSigningKey().privateKeyPem, {
        mode: 0o600,
        flag: 'wx',
      });
    }
    const keys = new SigningKeys(readFileSync(path, 'utf8'), {
      keyId,
      previous,
    });
    logger.warn(
      `!!! AUDIT SIGNING USES A DEVELOPMENT KEY (${keys.keyId}) from ${path}, generated on this machine. ` +
        'Checkpoints and evidence packs signed with it prove nothing. Never use it in production: ' +
        'configure healthcareIntegration.audit.signing.keyFile or .privateKey (docs/audit.md). !!!',
    );
    return keys;
  }
  if (isDev) {
    const keys = new SigningKeys(generateSigningKey().privateKeyPem, {
      keyId,
      previous,
    });
    logger.warn(
      `!!! NO AUDIT SIGNING KEY CONFIGURED: an ephemeral key (${keys.keyId}) signs checkpoints until this process stops ` +
        `(NODE_ENV=${env}). Its signatures cannot be checked after a restart. Configure ` +
        'healthcareIntegration.audit.signing (docs/audit.md). !!!',
    );
    return keys;
  }
  throw new Error(
    'healthcareIntegration.audit.signing is not configured, so the audit trail could not be signed. ' +
      'The backend does not run with an unsigned audit trail: set healthcareIntegration.audit.signing.keyFile ' +
      '(a PEM Ed25519 or ECDSA P-256 private key outside the database) or .privateKey (from a secret store). ' +
      'See docs/audit.md.',
  );
}
