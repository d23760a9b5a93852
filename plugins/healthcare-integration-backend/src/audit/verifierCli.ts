import { readFileSync, writeFileSync } from 'node:fs';
import { verifyEvidencePack } from './packVerification';
import { parseKeys, type KeysDocument } from './signingKeys';

/**
 * The command line of `hip-verify-evidence-pack`: arguments, input files, the printed result
 * and the exit code (a usage or input problem is a `UsageError`, exit 2).
 */

/** A command-line mistake or unreadable input: exit 2. */
export class UsageError extends Error {}

const USAGE =
  'usage: hip-verify-evidence-pack <evidence-pack.json> (--keys <keys.json> | --public-key <key.pem>) ' +
  '[--latest-checkpoint <checkpoint.json>] [--max-age-days <n>] [--report <out.html>]';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  now?: Date;
}

const LABEL: Record<number, string> = {
  1: 'FAILED',
  3: 'UNTRUSTED',
  4: 'SUPERSEDED',
};
const MEANING: Record<number, string> = {
  1: 'the pack does not verify',
  3: 'the signatures cannot be trusted with the given keys',
  4: 'the pack verifies but is not current',
};

/** The command line: parses arguments, verifies, prints, and returns the exit code. */
export function runVerifierCli(argv: string[], io: CliIo): number {
  const args = [...argv];
  let file: string | undefined;
  const opts: {
    keys?: string;
    latest?: string;
    maxAge?: string;
    report?: string;
    publicKey?: string;
  } = {};
  while (args.length) {
    const a = args.shift()!;
    const value = () => {
      const v = args.shift();
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--keys') opts.keys = value();
    else if (a === '--public-key') opts.publicKey = value();
    else if (a === '--latest-checkpoint') opts.latest = value();
    else if (a === '--max-age-days') opts.maxAge = value();
    else if (a === '--report') opts.report = value();
    else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!file) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!file) throw new UsageError('give the evidence pack file');
  if (opts.keys && opts.publicKey)
    throw new UsageError('give --keys or --public-key, not both');
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new UsageError(
        `cannot read ${what} ${path}: ${(e as Error).message}`,
      );
    }
  };
  const parse = (text: string, what: string) => {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${what} is not JSON: ${(e as Error).message}`);
    }
  };
  const pack = parse(read(file, 'evidence pack'), file);
  if (!pack || typeof pack !== 'object' || !pack.integration)
    throw new UsageError(`${file} is not an evidence pack`);
  let keys: KeysDocument | undefined;
  const keyPath = opts.keys ?? opts.publicKey;
  if (keyPath) {
    try {
      keys = parseKeys(read(keyPath, 'keys file'));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${keyPath}: ${(e as Error).message}`);
    }
  }
  const latestCheckpoint = opts.latest
    ? parse(read(opts.latest, 'checkpoint'), opts.latest)
    : undefined;
  let maxAgeDays: number | undefined;
  if (opts.maxAge !== undefined) {
    maxAgeDays = Number(opts.maxAge);
    if (!Number.isFinite(maxAgeDays) || maxAgeDays < 0)
      throw new UsageError('--max-age-days needs a number of days');
  }

  const verification = verifyEvidencePack(pack, {
    keys,
    latestCheckpoint,
    maxAgeDays,
    now: io.now,
  });
  const ref = pack.integration?.entityRef;
  if (!keyPath)
    io.err('no --keys or --public-key given: signatures cannot be checked');
  if (verification.ok) {
    io.out(`OK ${ref}: ${verification.summary}`);
  } else {
    io.out(
      `${LABEL[verification.exitCode]} ${ref}: ${
        MEANING[verification.exitCode]
      } (exit ${verification.exitCode})`,
    );
    for (const f of verification.findings)
      io.out(`  - [${f.kind}] ${f.message}`);
  }
  if (opts.report && pack.report?.html) {
    writeFileSync(opts.report, pack.report.html);
    io.err(
      `report written to ${opts.report}${
        verification.ok ? '' : ' (from a pack that did NOT verify)'
      }`,
    );
  }
  return verification.exitCode;
}

export { USAGE as VERIFIER_USAGE };
