import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  type PolicyPreviewResponse,
  candidateFromDocument,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The command line of `hip-policy-preview`, for CI pipelines that change
 * `healthcareIntegration.policy`: it posts the candidate to `POST /policy/preview`, prints what
 * it would do across the portfolio, and fails while the changes are not acknowledged.
 * Exit codes: 0 no change (or acknowledged), 1 changes not acknowledged, 2 usage, unreadable
 * or invalid candidate, or the backend refused.
 */

export const PREVIEW_USAGE =
  'usage: hip-policy-preview <app-config.yaml | policy.yaml> --url <backend base url> ' +
  '[--token <token> | env HIP_TOKEN] [--acknowledge <candidate hash>]... [--json]';

/** A command-line mistake or unreadable input: exit 2. */
export class PreviewUsageError extends Error {}

export interface PreviewCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

interface Options {
  file?: string;
  url?: string;
  token?: string;
  acknowledged: string[];
  json: boolean;
}

function parseArgs(argv: string[], env: PreviewCliIo['env']): Options {
  const args = [...argv];
  const opts: Options = {
    acknowledged: [],
    json: false,
    token: env?.HIP_TOKEN,
  };
  while (args.length) {
    const a = args.shift()!;
    const value = () => {
      const v = args.shift();
      if (v === undefined) throw new PreviewUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--url') opts.url = value();
    else if (a === '--token') opts.token = value();
    else if (a === '--acknowledge') opts.acknowledged.push(value());
    else if (a === '--json') opts.json = true;
    else if (a.startsWith('-'))
      throw new PreviewUsageError(`unknown option ${a}`);
    else if (opts.file) throw new PreviewUsageError(`unexpected ${a}`);
    else opts.file = a;
  }
  if (!opts.file) throw new PreviewUsageError('a policy file is needed');
  if (!opts.url) throw new PreviewUsageError('--url is needed');
  return opts;
}

/** The candidate from a file: an app-config (its `healthcareIntegration.policy`) or a bare policy. */
export function readCandidate(file: string): Record<string, unknown> {
  let doc: any;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PreviewUsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const policy = candidateFromDocument(doc);
  if (!policy)
    throw new PreviewUsageError(
      `${file} holds no policy (healthcareIntegration.policy or a policy object)`,
    );
  return policy;
}

/** The preview as lines a person reads in a CI log. */
export function describePreview(p: PolicyPreviewResponse): string[] {
  const t = p.totals;
  const lines = [
    `policy ${p.currentHash.slice(0, 12)} → ${p.candidateHash.slice(0, 12)}${
      p.identical ? ' (identical)' : ''
    }`,
    `gates in the policy: +${p.policyChanges.added.length} -${
      p.policyChanges.removed.length
    } ~${p.policyChanges.changed.length}${
      p.policyChanges.changed.length
        ? ` (changed: ${p.policyChanges.changed.join(', ')})`
        : ''
    }`,
    `${t.affected} of ${t.integrations} integrations affected: ${t.gatesAdded} gates added, ${t.gatesRemoved} removed, ${t.gatesChanged} changed (${t.gatesReopened} reopen); approvals: ${t.approvalsStayValid} stay valid, ${t.approvalsGoStale} go stale`,
  ];
  for (const i of p.integrations) {
    lines.push(`  ${i.entityRef} (${i.stage})`);
    i.added.forEach(g => lines.push(`    + ${g.gateId} (${g.stage})`));
    i.removed.forEach(g => lines.push(`    - ${g.gateId} (was ${g.status})`));
    i.changed.forEach(g =>
      lines.push(
        `    ~ ${g.gateId}: ${g.fields.join(', ')}${
          g.reopens ? ' (reopens)' : ''
        }`,
      ),
    );
    i.approvals
      .filter(a => a.outcome === 'goes-stale')
      .forEach(a =>
        lines.push(
          `    ! approval of ${a.gateId} by ${a.decidedBy} (${a.role}) goes stale: ${a.reason}`,
        ),
      );
  }
  return lines;
}

export const previewShowsChanges = (p: PolicyPreviewResponse) =>
  p.totals.affected > 0 ||
  p.totals.approvalsGoStale > 0 ||
  p.policyChanges.added.length +
    p.policyChanges.removed.length +
    p.policyChanges.changed.length >
    0;

/** Runs the command line and returns the exit code. */
export async function runPolicyPreviewCli(
  argv: string[],
  io: PreviewCliIo,
): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.out(PREVIEW_USAGE);
    return 0;
  }
  const opts = parseArgs(argv, io.env ?? process.env);
  const policy = readCandidate(opts.file!);
  const doFetch = io.fetch ?? fetch;
  const url = `${opts.url!.replace(
    /\/+$/,
    '',
  )}/api/healthcare-integration/policy/preview`;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify({ policy }),
    });
  } catch (e) {
    io.err(`hip-policy-preview: cannot reach ${url}: ${(e as Error).message}`);
    return 2;
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    io.err(
      `hip-policy-preview: ${res.status} ${
        body?.error?.message ?? res.statusText
      }`,
    );
    return 2;
  }
  const preview = body as PolicyPreviewResponse;
  if (opts.json) io.out(JSON.stringify(preview, null, 2));
  else describePreview(preview).forEach(l => io.out(l));
  if (!previewShowsChanges(preview)) {
    io.out('OK: the candidate changes nothing across the portfolio');
    return 0;
  }
  if (opts.acknowledged.includes(preview.candidateHash)) {
    io.out(`OK: changes acknowledged (${preview.candidateHash})`);
    return 0;
  }
  io.err(
    `NOT ACKNOWLEDGED: review the changes above, then pass --acknowledge ${preview.candidateHash}`,
  );
  return 1;
}
