import { USERS } from '../plugins/healthcare-integration-backend/src/testing/fixtures';
import { call } from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';
import { DEFAULT_POLICY } from '../plugins/healthcare-integration-common/src/policy';
import { time, type Row } from './timing';

/**
 * The API over HTTP against a running backend, next to the catalog's own endpoint: status,
 * portfolio, inbox, decisions, uploads, chain verification and export, with their targets.
 */
export async function measureHttp(
  base: string,
  kind: 'sqlite' | 'postgres',
  names: string[],
  verificationEvents: number,
): Promise<Row[]> {
  const catalogBase = base.replace('/healthcare-integration', '/catalog');
  for (let i = 0; i < 60; i++) {
    const r = await call(
      catalogBase,
      USERS.requester,
      'GET',
      '/entities/by-name/component/default/bench-00000',
    );
    if (r.status === 200) break;
    await new Promise(res => setTimeout(res, 1000));
  }
  const hot = '/integrations/default/bench-00000';
  const warm = async (path: string, who = USERS.requester) => {
    for (let i = 0; i < 10; i++) await call(base, who, 'GET', path);
  };
  await warm(`${hot}`);
  const rows: Row[] = [];
  const add = (
    measure: string,
    n: number,
    s: { median: number; p99: number },
    target?: string,
    ok?: boolean,
  ) =>
    rows.push({
      measure,
      n,
      median: s.median,
      p99: s.p99,
      target,
      verdict: target ? (ok ? 'pass' : 'FAIL') : undefined,
    });

  const catalog = await time(200, () =>
    call(
      catalogBase,
      USERS.requester,
      'GET',
      '/entities/by-name/component/default/bench-00000',
    ),
  );
  const status = await time(200, () => call(base, USERS.requester, 'GET', hot));
  add('catalog GET /entities/by-name (reference)', 200, catalog);
  add(
    'governance status (entity tab)',
    200,
    status,
    'p99 ≤ 50 ms (SQLite)',
    kind !== 'sqlite' || status.p99 <= 50,
  );
  rows.push({
    measure: 'status / catalog median ratio',
    n: 200,
    median: status.median / catalog.median,
    p99: status.p99 / catalog.p99,
    target: '≤ 1.0',
    verdict: status.median / catalog.median <= 1 ? 'pass' : 'FAIL',
  });
  const portfolio = await time(100, () =>
    call(base, USERS.requester, 'GET', '/integrations?stage=live&limit=25'),
  );
  add(
    'portfolio first page, stage=live',
    100,
    portfolio,
    '≤ 100 ms',
    portfolio.p99 <= 100,
  );
  const inbox = await time(50, () =>
    call(base, USERS.business, 'GET', '/inbox'),
  );
  add('reviewer inbox (user holding two roles)', 50, inbox);
  const decisions = await time(100, i =>
    call(
      base,
      USERS.business,
      'POST',
      `/integrations/default/${names[i + 1]}/gates/intake/decisions`,
      { decision: 'approve', comment: 'bench' },
    ),
  );
  add('gate decision', 100, decisions);
  const mb = Buffer.alloc(1024 * 1024, 7).toString('base64');
  const upload = await time(30, i =>
    call(
      base,
      USERS.requester,
      'POST',
      `/integrations/default/${names[200 + i]}/evidence`,
      { kind: 'other', title: `1MB ${i}`, contentBase64: mb },
    ),
  );
  add('evidence upload 1 MB', 30, upload);
  const verify = await time(20, () =>
    call(base, USERS.compliance, 'GET', `${hot}/audit/verify`),
  );
  add(`chain verification (${verificationEvents} events)`, 20, verify);
  const pack = await time(10, () =>
    call(base, USERS.compliance, 'GET', `${hot}/audit/export`),
  );
  add('evidence-pack export (same integration)', 10, pack);
  // A candidate that brings the compliance review to every integration, PHI or not.
  const candidate = {
    gates: DEFAULT_POLICY.gates.map(g =>
      g.id === 'compliance-review' ? { ...g, when: undefined } : g,
    ),
  };
  const preview = await time(5, () =>
    call(base, USERS.compliance, 'POST', '/policy/preview', {
      policy: candidate,
    }),
  );
  add(
    `policy preview over the portfolio (${names.length} integrations)`,
    5,
    preview,
    'p99 ≤ 5 s',
    preview.p99 <= 5000,
  );
  return rows;
}
