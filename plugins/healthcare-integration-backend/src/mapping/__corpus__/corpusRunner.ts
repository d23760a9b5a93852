import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mappingSpecSchema } from '@hcig/backstage-plugin-healthcare-integration-common';
import { validateMapping } from '../validateMapping';
import { runMapping } from '../runMapping';
import { validateFhirResource } from '../fhirModel';
import { Hl7Message } from '../hl7Message';
import { formatDate } from '../transforms';
import { sample, sampleSpec } from '../testSamples';
import r4 from '../definitions/r4-definitions.json';

/**
 * Runs the acceptance corpus (`cases.yaml`, inputs in `messages/`) and classifies each case:
 * `right`, `false-positive` (a correct input refused or blocked) or `false-negative` (a wrong
 * input let through, or a wrong value produced).
 */

export type Verdict = 'right' | 'false-positive' | 'false-negative';

export interface CorpusCase {
  id: string;
  kind: 'spec' | 'suggestion' | 'run' | 'resource' | 'message' | 'date';
  expect: string;
  [key: string]: any;
}

export interface CaseResult {
  id: string;
  kind: string;
  verdict: Verdict;
  detail: string;
}

const here = resolvePackagePath(
  '@hcig/backstage-plugin-healthcare-integration-backend',
  'src/mapping/__corpus__',
);

export function loadCorpus(): CorpusCase[] {
  const doc = YAML.parse(
    fs.readFileSync(path.join(here, 'cases.yaml'), 'utf8'),
    {
      merge: true,
    },
  );
  return doc.cases;
}

const text = (c: CorpusCase): string =>
  c.file
    ? fs.readFileSync(path.join(here, 'messages', c.file), 'latin1')
    : c.text;

const specOf = (c: CorpusCase) => (c.sample ? sampleSpec(c.sample) : c.spec);

/** Classifies a yes/no outcome against the expectation: "accepting" is the permissive side. */
function classify(expectedAccept: boolean, gotAccept: boolean): Verdict {
  if (expectedAccept === gotAccept) return 'right';
  return expectedAccept ? 'false-positive' : 'false-negative';
}

function runSpec(c: CorpusCase): CaseResult {
  const v = validateMapping(specOf(c));
  const errors = v.errors.map(
    e =>
      `${e.row} ${e.path}: ${e.message}${
        e.suggestion ? ` (${e.suggestion})` : ''
      }`,
  );
  const detail = errors.join(' | ') || 'no errors';
  if (c.expect === 'accept') {
    return { id: c.id, kind: c.kind, verdict: classify(true, v.valid), detail };
  }
  const blockedForReason =
    !v.valid && (!c.reason || errors.some(e => e.includes(String(c.reason))));
  return {
    id: c.id,
    kind: c.kind,
    verdict: blockedForReason ? 'right' : 'false-negative',
    detail,
  };
}

function runSuggestion(c: CorpusCase): CaseResult {
  const v = validateMapping(c.spec);
  const suggested = v.errors
    .map(e => e.suggestion ?? '')
    .find(s => s.includes('date-format'));
  if (!suggested)
    return {
      id: c.id,
      kind: c.kind,
      verdict: 'false-negative',
      detail: 'no date-format suggestion',
    };
  const t = YAML.parse(suggested.replace(/^transform:\s*/, ''));
  let out: string;
  try {
    out = formatDate(c.value, t.from, t.to);
  } catch (e) {
    return {
      id: c.id,
      kind: c.kind,
      verdict: 'false-negative',
      detail: `${suggested}: ${(e as Error).message}`,
    };
  }
  const regex = new RegExp(`^(?:${(r4.primitives as any)[c.type]})$`);
  return {
    id: c.id,
    kind: c.kind,
    verdict: regex.test(out) ? 'right' : 'false-negative',
    detail: `${suggested} → ${out}`,
  };
}

function runRun(c: CorpusCase): CaseResult {
  const spec = mappingSpecSchema.parse(specOf(c));
  const message = c.message ? sample(c.message) : text(c);
  let clean: boolean;
  let detail: string;
  try {
    const run = runMapping(
      spec,
      message,
      c.format,
      new Date('2026-11-25T10:00:00Z'),
    );
    const bad = run.rows.filter(
      r => r.outcome === 'missing-required' || r.outcome === 'transform-error',
    );
    clean = bad.length === 0 && run.outputIssues.errors.length === 0;
    detail =
      [
        ...bad.map(r => `${r.row}: ${r.outcome} ${r.message ?? ''}`),
        ...run.outputIssues.errors.map(e => `${e.path}: ${e.message}`),
      ].join(' | ') || 'clean';
  } catch (e) {
    clean = false;
    detail = `threw: ${(e as Error).message}`;
  }
  return {
    id: c.id,
    kind: c.kind,
    verdict: classify(c.expect === 'clean', clean),
    detail,
  };
}

function runResource(c: CorpusCase): CaseResult {
  const r = validateFhirResource(c.resource);
  const detail =
    r.errors.map(e => `${e.path}: ${e.message}`).join(' | ') || 'no errors';
  return {
    id: c.id,
    kind: c.kind,
    verdict: classify(c.expect === 'accept', r.errors.length === 0),
    detail,
  };
}

function runMessage(c: CorpusCase): CaseResult {
  const result = (verdict: Verdict, detail: string) => ({
    id: c.id,
    kind: c.kind,
    verdict,
    detail,
  });
  const H = Hl7Message as any;
  let msg: any;
  let count = 1;
  try {
    if (c.messages !== undefined && typeof H.parseBatch === 'function') {
      const all = H.parseBatch(text(c));
      count = all.length;
      msg = all[0];
    } else {
      msg = Hl7Message.parse(text(c));
    }
  } catch (e) {
    return result(
      c.expect === 'refuse' ? 'right' : 'false-positive',
      `refused: ${(e as Error).message}`,
    );
  }
  if (c.expect === 'refuse') return result('false-negative', 'accepted');
  const wrong: string[] = [];
  if (c.messages !== undefined && count !== c.messages)
    wrong.push(`${count} messages, expected ${c.messages}`);
  for (const [p, want] of Object.entries(c.values ?? {})) {
    const got = msg.get(p);
    if (got !== want)
      wrong.push(
        `${p} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      );
  }
  for (const p of c.nulls ?? []) {
    if (typeof msg.isNull !== 'function' || !msg.isNull(p))
      wrong.push(`${p} not reported as the HL7 null`);
  }
  for (const p of c.absent ?? []) {
    if (typeof msg.isNull === 'function' && msg.isNull(p))
      wrong.push(`${p} reported as null`);
    if (msg.get(p) !== undefined) wrong.push(`${p} present`);
  }
  if (c.roundTrip) {
    const written = msg.toString();
    const again = Hl7Message.parse(written);
    if (
      again.toString() !== written ||
      again.segments.length !== msg.segments.length
    )
      wrong.push(`round trip changed the message: ${JSON.stringify(written)}`);
    for (const [p, want] of Object.entries(c.values ?? {}))
      if (again.get(p) !== want)
        wrong.push(`${p} after a round trip = ${JSON.stringify(again.get(p))}`);
  }
  return wrong.length
    ? result('false-negative', wrong.join('; '))
    : result('right', 'as expected');
}

function runDate(c: CorpusCase): CaseResult {
  let out: string;
  try {
    out = formatDate(c.value, c.from, c.to);
  } catch (e) {
    return {
      id: c.id,
      kind: c.kind,
      verdict: c.expect === 'error' ? 'right' : 'false-positive',
      detail: `error: ${(e as Error).message}`,
    };
  }
  return {
    id: c.id,
    kind: c.kind,
    verdict: out === c.expect ? 'right' : 'false-negative',
    detail: `→ ${out}`,
  };
}

const RUNNERS: Record<CorpusCase['kind'], (c: CorpusCase) => CaseResult> = {
  spec: runSpec,
  suggestion: runSuggestion,
  run: runRun,
  resource: runResource,
  message: runMessage,
  date: runDate,
};

export function runCase(c: CorpusCase): CaseResult {
  try {
    return RUNNERS[c.kind](c);
  } catch (e) {
    return {
      id: c.id,
      kind: c.kind,
      verdict: 'false-negative',
      detail: `crashed: ${(e as Error).stack}`,
    };
  }
}

/** The verdict table: counts per kind and verdict. */
export function verdictTable(results: CaseResult[]): string {
  const kinds = [...new Set(results.map(r => r.kind))];
  const row = (label: string, rs: CaseResult[]) =>
    `| ${label} | ${rs.length} | ${
      rs.filter(r => r.verdict === 'right').length
    } | ${rs.filter(r => r.verdict === 'false-positive').length} | ${
      rs.filter(r => r.verdict === 'false-negative').length
    } |`;
  return [
    '| kind | cases | right | false positive | false negative |',
    '| --- | --- | --- | --- | --- |',
    ...kinds.map(k =>
      row(
        k,
        results.filter(r => r.kind === k),
      ),
    ),
    row('all', results),
  ].join('\n');
}

if (require.main === module) {
  const results = loadCorpus().map(runCase);
  for (const r of results)
    if (r.verdict !== 'right') console.log(`${r.verdict} ${r.id}: ${r.detail}`);
  console.log(verdictTable(results));
}
