import { readFileSync, writeFileSync } from 'node:fs';
import type { ChainVerification } from '@internal/plugin-healthcare-integration-common';
import { compareWithChain, type BindingResult } from './binding';
import { sha256Hex, verifyChain } from '../database/auditChain';
import {
  checkpointSigningInput,
  packCheckpointOf,
  verifyInclusion,
  type FullCheckpoint,
  type PackCheckpoint,
} from './checkpoints';
import {
  EVIDENCE_PACK_FORMAT,
  EVIDENCE_PACK_FORMAT_V1,
  EvidencePack,
  packSigningInput,
} from './evidencePack';
import { checkSignature, parseKeys, type KeysDocument } from './signingKeys';

/**
 * Offline verification of an evidence pack, with nothing but the pack and a pinned public key:
 * the pack signature, the checkpoint signature and its Merkle proof, the chain from its first
 * event to the head the checkpoint signed, the record sections against the chain's replay,
 * every file against its hash, the report against its hash, and (given a later checkpoint)
 * whether the pack is still current.
 *
 * Exit codes (`hip-verify-evidence-pack`, also in docs/audit.md):
 *   0 verified · 1 tampered or inconsistent · 2 usage or unreadable input ·
 *   3 not trusted (no key, a key not pinned, a retired key, an unsigned v1 pack) ·
 *   4 superseded (valid, but a later checkpoint or --max-age-days says it is not current)
 */

export type FindingKind = 'integrity' | 'trust' | 'stale';

export interface Finding {
  kind: FindingKind;
  message: string;
}

export interface PackVerification {
  ok: boolean;
  exitCode: 0 | 1 | 3 | 4;
  chain: ChainVerification;
  binding?: BindingResult;
  /** Every finding, most fundamental first. */
  findings: Finding[];
  /** The findings' messages. */
  problems: string[];
  /** What was verified, for the OK line. */
  summary: string;
}

export interface VerifyOptions {
  /** Pinned public keys. Without them nothing can be trusted (exit 3). */
  keys?: KeysDocument;
  /** A later checkpoint (archived, or `GET …/audit/checkpoint`), to tell whether the pack is current. */
  latestCheckpoint?: PackCheckpoint | FullCheckpoint;
  /** The pack may be at most this old. */
  maxAgeDays?: number;
  now?: Date;
}

const SKEW_MS = 5 * 60_000;
const h12 = (hash: string | undefined) => `${String(hash ?? '').slice(0, 12)}…`;

function exitCodeOf(findings: Finding[]): PackVerification['exitCode'] {
  if (findings.some(f => f.kind === 'integrity')) return 1;
  if (findings.some(f => f.kind === 'trust')) return 3;
  if (findings.some(f => f.kind === 'stale')) return 4;
  return 0;
}

function result(
  chain: ChainVerification,
  findings: Finding[],
  summary: string,
  binding?: BindingResult,
): PackVerification {
  const exitCode = exitCodeOf(findings);
  return {
    ok: exitCode === 0,
    exitCode,
    chain,
    binding,
    findings,
    problems: findings.map(f => f.message),
    summary,
  };
}

export function verifyEvidencePack(
  pack: EvidencePack,
  options: VerifyOptions = {},
): PackVerification {
  const findings: Finding[] = [];
  const integrity = (message: string) =>
    findings.push({ kind: 'integrity', message });
  const now = options.now ?? new Date();
  const format = (pack as { format?: unknown })?.format;
  const ref = pack?.integration?.entityRef;
  const events = Array.isArray(pack?.audit?.events) ? pack.audit.events : [];

  if (format === EVIDENCE_PACK_FORMAT_V1) return verifyV1(pack);
  if (format !== EVIDENCE_PACK_FORMAT) {
    integrity(
      `unknown format ${String(format)}; expected ${EVIDENCE_PACK_FORMAT}`,
    );
  }

  // 1. The pack as a whole.
  const packSignature = checkSignature(
    options.keys,
    pack.signature,
    packSigningInput(pack),
    pack.generatedAt,
    'the pack',
  );
  if (!packSignature.ok)
    findings.push({
      kind: packSignature.kind === 'trust' ? 'trust' : 'integrity',
      message: packSignature.message,
    });

  // 2. The checkpoint: signed outside the data's holders' reach, and covering this chain.
  const cp = pack.checkpoint;
  if (!cp) {
    integrity(
      'the pack carries no signed checkpoint: its chain head is bound to nothing outside the pack',
    );
  } else {
    const what = `checkpoint #${cp.body?.seq}`;
    if (cp.signature?.keyId !== cp.body?.keyId) {
      integrity(
        `${what} names key ${cp.body?.keyId} but carries a signature by ${cp.signature?.keyId}`,
      );
    }
    const signed = checkSignature(
      options.keys,
      cp.signature,
      checkpointSigningInput(cp.body),
      cp.body?.at,
      what,
    );
    if (!signed.ok)
      findings.push({
        kind: signed.kind === 'trust' ? 'trust' : 'integrity',
        message: signed.message,
      });
    if (cp.leaf?.integrationRef !== ref) {
      integrity(`${what} leaf is for ${cp.leaf?.integrationRef}, not ${ref}`);
    } else if (
      !verifyInclusion(
        cp.leaf,
        cp.leafIndex,
        cp.body.treeSize,
        cp.inclusionProof,
        cp.body.merkleRoot,
      )
    ) {
      integrity(
        `${what}: the Merkle proof does not reach the signed root, so its leaf (event ${
          cp.leaf.seq
        }, ${h12(cp.leaf.hash)}) is not what was signed`,
      );
    }
  }

  // 3. The chain, up to the head the checkpoint signed.
  const chain = verifyChain(ref, events, pack.audit?.head);
  if (!chain.ok)
    integrity(
      `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
    );
  if (cp?.leaf && cp.leaf.integrationRef === ref) {
    const head = pack.audit?.head;
    const atLeaf = events.find(ev => ev.seq === cp.leaf.seq);
    if (atLeaf && atLeaf.hash !== cp.leaf.hash) {
      integrity(
        `event ${cp.leaf.seq} has hash ${h12(
          atLeaf.hash,
        )} in the pack, but checkpoint #${cp.body.seq} signed ${h12(
          cp.leaf.hash,
        )} for it: the chain was rewritten`,
      );
    } else if (!atLeaf && cp.leaf.seq > events.length) {
      integrity(
        `the chain ends at event ${events.length}, but checkpoint #${cp.body.seq} signed event ${cp.leaf.seq} as its head: events were cut off`,
      );
    }
    if (head && (head.seq !== cp.leaf.seq || head.hash !== cp.leaf.hash)) {
      integrity(
        `the pack's chain head (event ${head.seq}, ${h12(
          head.hash,
        )}) is not the head checkpoint #${cp.body.seq} signed (event ${
          cp.leaf.seq
        }, ${h12(cp.leaf.hash)})`,
      );
    }
  }

  // 4. When it was made.
  const generated = Date.parse(pack.generatedAt);
  if (!Number.isFinite(generated)) {
    integrity(`generatedAt ${String(pack.generatedAt)} is not a date`);
  } else {
    if (cp?.body?.at && !(generated >= Date.parse(cp.body.at))) {
      integrity(
        `generatedAt ${pack.generatedAt} is earlier than checkpoint #${cp.body.seq} (${cp.body.at}), which was signed for this export: the date was changed`,
      );
    }
    const last = events[events.length - 1];
    if (last && !(generated >= Date.parse(last.at))) {
      integrity(
        `generatedAt ${pack.generatedAt} is earlier than event ${last.seq} (${last.at}) in the pack`,
      );
    }
    if (generated > now.getTime() + SKEW_MS)
      integrity(`generatedAt ${pack.generatedAt} is in the future`);
    if (
      options.maxAgeDays !== undefined &&
      now.getTime() - generated > options.maxAgeDays * 86_400_000
    ) {
      findings.push({
        kind: 'stale',
        message: `the pack was generated on ${pack.generatedAt}, more than ${options.maxAgeDays} days ago`,
      });
    }
  }

  // 5. The records are what the chain says.
  const binding = compareWithChain(events, pack, 'the pack');
  for (const d of binding.differences) integrity(`binding: ${d.message}`);

  // 6. Every file and link against its hash; every file accounted for.
  const evidenceById = new Map((pack.evidence ?? []).map(ev => [ev.id, ev]));
  const filed = new Set<string>();
  for (const f of pack.files ?? []) {
    const ev = evidenceById.get(f.evidenceId);
    filed.add(f.evidenceId);
    const actual = sha256Hex(
      Buffer.from(String(f.contentBase64 ?? ''), 'base64'),
    );
    if (!ev)
      integrity(
        `file for evidence ${f.evidenceId} belongs to no evidence item in the pack`,
      );
    if (actual !== f.sha256 || (ev && actual !== ev.sha256)) {
      integrity(
        `file of evidence ${f.evidenceId}${
          ev ? ` (${ev.title})` : ''
        } hashes to ${h12(actual)}, not the recorded ${h12(
          ev?.sha256 ?? f.sha256,
        )}`,
      );
    }
  }
  const omitted = new Set((pack.filesOmitted ?? []).map(o => o.evidenceId));
  for (const ev of pack.evidence ?? []) {
    if (ev.url) {
      const actual = sha256Hex(Buffer.from(ev.url, 'utf8'));
      if (actual !== ev.sha256)
        integrity(
          `link evidence ${ev.id} (${ev.title}): its URL hashes to ${h12(
            actual,
          )}, not the recorded ${h12(ev.sha256)}`,
        );
    } else if (!filed.has(ev.id) && !omitted.has(ev.id)) {
      integrity(
        `evidence ${ev.id} (${ev.title}) has neither its file in the pack nor a reason it was left out`,
      );
    }
  }

  // 7. The report.
  if (!pack.report?.html) integrity('the pack carries no audit report');
  else if (sha256Hex(pack.report.html) !== pack.report.sha256)
    integrity(
      'the HTML audit report does not match its recorded hash: it was changed',
    );

  // 8. Still current?
  if (options.latestCheckpoint && cp)
    checkCurrent(pack, cp, options.latestCheckpoint, options.keys, findings);

  const files = (pack.files ?? []).length;
  const links = (pack.evidence ?? []).filter(ev => ev.url).length;
  const summary = cp
    ? `${events.length} audit events, head ${h12(
        pack.audit?.head?.hash,
      )}; checkpoint #${cp.body.seq} (${cp.body.at}) and pack signed by key ${
        pack.signature?.keyId
      }; records bound to the chain (${
        binding.events
      } events replayed); ${files} evidence file(s) and ${links} link(s) match their hashes`
    : '';
  return result(chain, findings, summary, binding);
}

function checkCurrent(
  pack: EvidencePack,
  cp: PackCheckpoint,
  given: PackCheckpoint | FullCheckpoint,
  keys: KeysDocument | undefined,
  findings: Finding[],
) {
  const ref = pack.integration.entityRef;
  const what = `the given checkpoint #${given.body?.seq}`;
  const signed = checkSignature(
    keys,
    given.signature,
    checkpointSigningInput(given.body),
    given.body?.at,
    what,
  );
  if (!signed.ok) {
    findings.push({
      kind: signed.kind === 'trust' ? 'trust' : 'integrity',
      message: signed.message,
    });
    return;
  }
  const later = 'leaves' in given ? packCheckpointOf(given, ref) : given;
  if (!later || later.leaf?.integrationRef !== ref) {
    findings.push({
      kind: 'integrity',
      message: `${what} does not cover ${ref}`,
    });
    return;
  }
  if (
    !verifyInclusion(
      later.leaf,
      later.leafIndex,
      later.body.treeSize,
      later.inclusionProof,
      later.body.merkleRoot,
    )
  ) {
    findings.push({
      kind: 'integrity',
      message: `${what}: its Merkle proof for ${ref} does not reach its signed root`,
    });
    return;
  }
  if (given.body.seq === cp.body.seq) {
    if (given.signature.value !== cp.signature.value) {
      findings.push({
        kind: 'integrity',
        message: `checkpoint #${cp.body.seq} in the pack is not the checkpoint #${cp.body.seq} given`,
      });
    }
    return;
  }
  if (given.body.seq < cp.body.seq) return; // older than the pack: says nothing about currency
  if (
    given.body.seq === cp.body.seq + 1 &&
    given.body.previousSignature !== cp.signature.value
  ) {
    findings.push({
      kind: 'integrity',
      message: `${what} does not follow the pack's checkpoint #${cp.body.seq}: their signatures do not link`,
    });
  }
  const head = pack.audit.head;
  if (later.leaf.seq > head.seq) {
    findings.push({
      kind: 'stale',
      message: `the pack is not current: ${what} (${given.body.at}) signs event ${later.leaf.seq} as the head of ${ref}; the pack ends at event ${head.seq} (checkpoint #${cp.body.seq}, ${cp.body.at})`,
    });
  } else if (later.leaf.seq < head.seq || later.leaf.hash !== head.hash) {
    findings.push({
      kind: 'integrity',
      message: `${what} signs event ${later.leaf.seq} (${h12(
        later.leaf.hash,
      )}) as the head of ${ref}, which contradicts the pack's event ${
        head.seq
      } (${h12(head.hash)})`,
    });
  }
}

/** Packs before signing: the chain can be checked, but it proves nothing against the file's holder. */
function verifyV1(pack: any): PackVerification {
  const findings: Finding[] = [];
  const ref = pack.integration?.entityRef;
  const chain = verifyChain(ref, pack.audit?.events ?? [], pack.audit?.head);
  if (!chain.ok)
    findings.push({
      kind: 'integrity',
      message: `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
    });
  const uploaded = new Map<string, unknown>(
    (pack.audit?.events ?? [])
      .filter((e: any) => e.action === 'evidence.uploaded')
      .map((e: any) => [e.subject, e.payload?.sha256]),
  );
  for (const ev of pack.evidence ?? []) {
    const chained = uploaded.get(ev.id);
    if (!chained)
      findings.push({
        kind: 'integrity',
        message: `evidence ${ev.id} (${ev.title}) has no upload event in the chain`,
      });
    else if (chained !== ev.sha256) {
      findings.push({
        kind: 'integrity',
        message: `evidence ${ev.id} (${ev.title}) hash ${ev.sha256} differs from the chained ${chained}`,
      });
    }
  }
  findings.push({
    kind: 'trust',
    message: `unsigned ${EVIDENCE_PACK_FORMAT_V1} pack: its chain head travels in the same file, so anyone who held the file could have rewritten it; export a new (signed) pack`,
  });
  return result(chain, findings, '');
}

/** A command-line mistake or unreadable input: exit 2. */
export class UsageError extends Error {}

const USAGE =
  'usage: hip-verify-evidence-pack <evidence-pack.json> (--keys <keys.json> | --public-key <key.pem>) ' +
  '[--latest-checkpoint <checkpoint.json>] [--max-age-days <n>] [--report <out.html>]';

interface CliIo {
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
