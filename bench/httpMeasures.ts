import { USERS } from '../plugins/healthcare-integration-backend/src/testing/fixtures';
import { call } from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';
import { DEFAULT_POLICY } from '../plugins/healthcare-integration-common/src/policy';
import { sample, stats, time, type Row, type Stats } from './timing';

/** Up to this many distinct records for the cold status reads (the status cache holds 5 s). */
const COLD_RECORDS = 1000;
const WARM_UP = 20;

type Target = { label: string; ok: (s: Stats) => boolean };

const row = (measure: string, s: Stats, target?: Target): Row => ({
  measure,
  ...s,
  target: target?.label,
  verdict: target ? (target.ok(s) ? 'pass' : 'FAIL') : undefined,
});

const p99Under = (ms: number): Target => ({
  label: `p99 ≤ ${ms} ms`,
  ok: s => s.tailLabel === 'p99' && s.tail <= ms,
});

/** Fails the run when a request does not answer as production would (a bench of errors). */
async function ok(r: Promise<{ status: number; body: unknown }>, what: string) {
  const res = await r;
  if (res.status < 200 || res.status > 299)
    throw new Error(
      `${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
    );
  return res;
}

/**
 * The API over HTTP against a running backend, next to the catalog's own by-name endpoint over
 * a catalog holding the same integrations: status (cold, and cache hits on their own row),
 * portfolio per filter, inbox, decisions, uploads, export, chain verification, policy preview.
 */
export async function measureHttp(
  base: string,
  names: string[],
  verificationEvents: number,
): Promise<Row[]> {
  const catalogBase = base.replace('/healthcare-integration', '/catalog');
  const status = (name: string) =>
    ok(
      call(base, USERS.requester, 'GET', `/integrations/default/${name}`),
      `status ${name}`,
    );
  const byName = (name: string) =>
    ok(
      call(
        catalogBase,
        USERS.requester,
        'GET',
        `/entities/by-name/component/default/${name}`,
      ),
      `catalog ${name}`,
    );
  // Warm-up on records the measurement does not read, so its reads stay cold.
  const warm = names.slice(names.length - WARM_UP);
  for (const name of warm) {
    await status(name);
    await byName(name);
  }
  const measured = names.slice(
    0,
    Math.min(COLD_RECORDS, names.length - WARM_UP),
  );
  const cold: number[] = [];
  const hit: number[] = [];
  const catalog: number[] = [];
  for (let i = 0; i < measured.length; i++) {
    const name = measured[i];
    // Alternate the order, so neither read always follows the other.
    if (i % 2) catalog.push(await sample(() => byName(name)));
    cold.push(await sample(() => status(name)));
    hit.push(await sample(() => status(name)));
    if (!(i % 2)) catalog.push(await sample(() => byName(name)));
  }
  const coldStats = stats(cold);
  const catalogStats = stats(catalog);
  const ratio = coldStats.median / catalogStats.median;
  const rows: Row[] = [
    row(
      `catalog GET /entities/by-name (${measured.length} records)`,
      catalogStats,
    ),
    row(
      `governance status, cold (${measured.length} distinct records)`,
      coldStats,
    ),
    row('governance status, cache hit (same record again)', stats(hit)),
    {
      measure: 'status (cold) / catalog by-name, median',
      n: measured.length,
      median: ratio,
      tail: coldStats.tail / catalogStats.tail,
      tailLabel: coldStats.tailLabel,
      target: 'median ≤ 1.0',
      verdict: ratio <= 1 ? 'pass' : 'FAIL',
    },
  ];

  await call(base, USERS.business, 'GET', '/inbox');
  rows.push(
    row(
      `reviewer inbox, user holding two roles (${names.length} records)`,
      await time(100, () =>
        ok(call(base, USERS.business, 'GET', '/inbox'), 'inbox'),
      ),
      p99Under(50),
    ),
  );

  for (const filter of [
    'stage=live',
    'phi=true',
    'health=unknown',
    'overdue=true',
    'q=bench-01',
  ]) {
    const path = `/integrations?${filter}&limit=25`;
    await call(base, USERS.requester, 'GET', path);
    rows.push(
      row(
        `portfolio first page, ${filter}`,
        await time(100, () =>
          ok(call(base, USERS.requester, 'GET', path), path),
        ),
        p99Under(100),
      ),
    );
  }

  const undecided = names.slice(1, 101);
  rows.push(
    row(
      'gate decision (approve intake)',
      await time(undecided.length, i =>
        ok(
          call(
            base,
            USERS.business,
            'POST',
            `/integrations/default/${undecided[i]}/gates/intake/decisions`,
            {
              decision: 'approve',
              comment: 'bench',
            },
          ),
          'decision',
        ),
      ),
    ),
  );
  const mb = Buffer.alloc(1024 * 1024, 7).toString('base64');
  rows.push(
    row(
      'evidence upload 1 MB',
      await time(30, i =>
        ok(
          call(
            base,
            USERS.requester,
            'POST',
            `/integrations/default/${names[(200 + i) % names.length]}/evidence`,
            {
              kind: 'other',
              title: `1MB ${i}`,
              contentBase64: mb,
            },
          ),
          'upload',
        ),
      ),
    ),
  );
  const hot = `/integrations/default/${names[0]}`;
  // The export signs a checkpoint for the chain, so the verification below checks one.
  rows.push(
    row(
      `evidence-pack export (${verificationEvents} events)`,
      await time(10, () =>
        ok(
          call(base, USERS.compliance, 'GET', `${hot}/audit/export`),
          'export',
        ),
      ),
    ),
  );
  const verified = await ok(
    call(base, USERS.compliance, 'GET', `${hot}/audit/verify`),
    'verify',
  );
  const body = verified.body as any;
  if (!body.ok)
    throw new Error(
      `the hot chain does not verify: ${JSON.stringify(body).slice(0, 300)}`,
    );
  rows.push(
    row(
      `chain + signed-checkpoint verification over HTTP (${verificationEvents} events, checkpoint ${
        body.checkpoint?.status ?? 'absent'
      })`,
      await time(20, () =>
        call(base, USERS.compliance, 'GET', `${hot}/audit/verify`),
      ),
    ),
  );
  // A candidate that brings the compliance review to every integration, PHI or not.
  const candidate = {
    gates: DEFAULT_POLICY.gates.map(g =>
      g.id === 'compliance-review' ? { ...g, when: undefined } : g,
    ),
  };
  const previewed = await ok(
    call(base, USERS.compliance, 'POST', '/policy/preview', {
      policy: candidate,
    }),
    'policy preview',
  );
  rows.push(
    row(
      `policy preview over ${names.length} integrations (${describePreview(
        previewed.body,
      )})`,
      await time(5, () =>
        call(base, USERS.compliance, 'POST', '/policy/preview', {
          policy: candidate,
        }),
      ),
    ),
  );
  return rows;
}

/** What the candidate changes, from the preview's answer, so the row shows it did something. */
function describePreview(body: any): string {
  const t = body?.totals;
  if (!t?.affected)
    throw new Error(
      `the candidate policy changed nothing: ${JSON.stringify(t)}`,
    );
  return `${t.affected} of ${t.integrations} affected, ${t.gatesAdded} gates added`;
}
