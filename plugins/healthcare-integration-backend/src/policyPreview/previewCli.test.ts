import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { stringify } from 'yaml';
import { DEFAULT_POLICY } from '@hcig/backstage-plugin-healthcare-integration-common';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { runPolicyPreviewCli } from './previewCli';

jest.setTimeout(60_000);

// The command line's behaviour; the preview itself is tested on both databases in
// policyPreview.router.test.ts.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('hip-policy-preview', () => {
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'hip-preview-'));
  const file = (name: string, doc: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc));
    return path;
  };
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPolicyPreviewCli(argv, {
      out: l => out.push(l),
      err: l => err.push(l),
      env: { HIP_TOKEN: mockCredentials.user.token(USERS.compliance) },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    const api = await startGovernanceBackend(await databases.init('SQLITE_3'));
    const res = await api
      .as(USERS.requester)
      .post('/integrations', intake('cli-plain'));
    if (res.status !== 201) throw new Error(res.text);
    url = `http://localhost:${(api.server.address() as AddressInfo).port}`;
  });

  // Every integration gets the compliance review, as in an app-config a platform team edits.
  const widened = {
    app: { title: 'x' },
    healthcareIntegration: {
      policy: {
        gates: DEFAULT_POLICY.gates.map(g =>
          g.id === 'compliance-review' ? { ...g, when: undefined } : g,
        ),
      },
    },
  };

  it('passes when the candidate changes nothing', async () => {
    const r = await run([
      file('same.yaml', { gates: DEFAULT_POLICY.gates }),
      '--url',
      url,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK: the candidate changes nothing/);
  });

  it('fails on unacknowledged changes and passes once their hash is acknowledged', async () => {
    const path = file('app-config.yaml', JSON.parse(JSON.stringify(widened)));
    const first = await run([path, '--url', url]);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/component:default\/cli-plain \(intake\)/);
    expect(first.out).toMatch(/\+ compliance-review \(design\)/);
    const hash = /--acknowledge ([0-9a-f]{64})/.exec(first.err)![1];
    const acknowledged = await run([path, '--url', url, '--acknowledge', hash]);
    expect(acknowledged.code).toBe(0);
    expect(acknowledged.out).toMatch(/OK: changes acknowledged/);
    const otherHash = await run([
      path,
      '--url',
      url,
      '--acknowledge',
      'f'.repeat(64),
    ]);
    expect(otherHash.code).toBe(1);
  });

  it('exits 2 on an invalid candidate, naming the path, and on usage mistakes', async () => {
    const bad = await run([
      file('bad.yaml', { waiverMaxDays: 1000 }),
      '--url',
      url,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/400 Invalid policy\.waiverMaxDays/);
    await expect(run(['--url', url])).rejects.toThrow(
      /a policy file is needed/,
    );
    await expect(
      run([file('list.yaml', '- 1\n'), '--url', url]),
    ).rejects.toThrow(/holds no policy/);
  });
});
