import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGovernanceBackend, base64 } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { recordFigure } from './harness/instances';
import { ROUTES } from '../schema/routes';

jest.setTimeout(300_000);

const TABLES = [
  'hip_integrations',
  'hip_role_holders',
  'hip_gates',
  'hip_gate_roles',
  'hip_gate_decisions',
  'hip_evidence',
  'hip_tests',
  'hip_change_requests',
  'hip_audit_events',
  'hip_monitoring_events',
  'hip_exceptions',
  'hip_record_changes',
  'hip_record_change_decisions',
  'hip_mapping_versions',
  'hip_mapping_confirmations',
];

async function snapshot(knex: Knex) {
  const hash = createHash('sha256');
  for (const t of TABLES) {
    const rows = await knex(t).select();
    rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    hash.update(`${t}:${JSON.stringify(rows)}`);
  }
  return hash.digest('hex');
}

/** Valid bodies per route; each generated request breaks one of them so that it must be refused. */
const R = '/integrations/default/fuzz-target';
const FAKE = '00000000-0000-4000-8000-000000000000';
const VALID: Array<{
  id: string;
  method: 'post' | 'put' | 'patch';
  path: string;
  body: Record<string, any>;
}> = [
  {
    id: 'create-integration',
    method: 'post',
    path: '/integrations',
    body: intake('fuzz-new') as any,
  },
  {
    id: 'update-integration',
    method: 'patch',
    path: R,
    body: { title: 'New title' },
  },
  {
    id: 'decide-gate',
    method: 'post',
    path: `${R}/gates/intake/decisions`,
    body: { decision: 'reject', comment: 'no' },
  },
  {
    id: 'waive-gate',
    method: 'post',
    path: `${R}/gates/intake/waiver`,
    body: {
      justification: 'A long enough written justification',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  },
  {
    id: 'confirm-waiver',
    method: 'post',
    path: `${R}/gates/intake/waiver/confirm`,
    body: { comment: 'Confirmed' },
  },
  {
    id: 'decide-record-change',
    method: 'post',
    path: `${R}/record-changes/${FAKE}/decisions`,
    body: { decision: 'approve', comment: 'ok' },
  },
  {
    id: 'upload-evidence',
    method: 'post',
    path: `${R}/evidence`,
    body: { kind: 'baa', title: 'BAA', contentBase64: base64('baa') },
  },
  {
    id: 'record-test',
    method: 'put',
    path: `${R}/tests/downtime`,
    body: { result: 'failed' },
  },
  {
    id: 'move-stage',
    method: 'post',
    path: `${R}/stage`,
    body: { to: 'design' },
  },
  {
    id: 'open-change-request',
    method: 'post',
    path: `${R}/change-requests`,
    body: {
      type: 'new-field',
      summary: 'Add a field',
      impactAssessment: 'Adds PID-22 to the feed',
    },
  },
  {
    id: 'update-change-request',
    method: 'patch',
    path: `${R}/change-requests/${FAKE}`,
    body: { summary: 'Add two fields' },
  },
  {
    id: 'move-change-request',
    method: 'post',
    path: `${R}/change-requests/${FAKE}/transition`,
    body: { to: 'authorise' },
  },
  {
    id: 'ingest-events',
    method: 'post',
    path: '/monitoring/events',
    body: { events: [] },
  },
  {
    id: 'ingest-alertmanager',
    method: 'post',
    path: '/monitoring/alertmanager',
    body: {
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'r',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am:9093',
      alerts: [],
    },
  },
  {
    id: 'validate-mapping',
    method: 'post',
    path: '/mappings/validate',
    body: { spec: 'apiVersion: x' },
  },
  {
    id: 'preview-policy',
    method: 'post',
    path: '/policy/preview',
    body: { policy: { waiverMaxDays: 30 } },
  },
  {
    id: 'put-mapping',
    method: 'put',
    path: `${R}/mapping`,
    body: { spec: 'apiVersion: x' },
  },
  {
    id: 'confirm-mapping-row',
    method: 'post',
    path: `${R}/mapping/rows/no-such-row/confirm`,
    body: { comment: 'Same meaning' },
  },
  {
    id: 'dispute-mapping-row',
    method: 'post',
    path: `${R}/mapping/rows/no-such-row/dispute`,
    body: { comment: 'Different meaning' },
  },
  {
    id: 'run-mapping',
    method: 'post',
    path: `${R}/mapping/run`,
    body: { message: 'MSH|^~\\&|A', format: 'hl7v2', scenario: 'happy-path' },
  },
];
/** Routes that answer a well-formed request about bad content with 200 (partial acceptance, a validation report). */
const REPORTING = new Set([
  '/monitoring/events',
  '/monitoring/alertmanager',
  '/mappings/validate',
  // A mutated candidate that is still a valid policy is previewed (and nothing is written).
  '/policy/preview',
]);
const SERVICE_ROUTES = new Set([
  '/monitoring/events',
  '/monitoring/alertmanager',
]);

const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ minLength: 9000, maxLength: 9001 }),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

/** A mutation that makes a valid body invalid: drop a required key, retype a key, or add an unknown one. */
const mutation = fc.record({
  route: fc.integer({ min: 0, max: VALID.length - 1 }),
  how: fc.constantFrom('drop', 'retype', 'extra', 'not-object'),
  keyIndex: fc.nat(),
  value: junk,
  extraKey: fc
    .string({ minLength: 1, maxLength: 12 })
    .filter(
      k =>
        ![
          'version',
          'groupKey',
          'status',
          'receiver',
          'groupLabels',
          'commonLabels',
          'commonAnnotations',
          'externalURL',
          'alerts',
          'truncatedAlerts',
          'message',
          'format',
          'scenario',
          'spec',
          'title',
          'profile',
          'roles',
          'name',
          'namespace',
          'decision',
          'comment',
          'justification',
          'kind',
          'mediaType',
          'contentBase64',
          'url',
          'expiresAt',
          'supersedes',
          'result',
          'evidenceId',
          'notes',
          'to',
          'type',
          'changeClass',
          'summary',
          'impactAssessment',
          'notify',
          'events',
          '__proto__',
          'constructor',
        ].includes(k),
    ),
});

function apply(m: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never) {
  const base = VALID[m.route];
  const body: Record<string, any> = JSON.parse(JSON.stringify(base.body));
  const keys = Object.keys(body);
  const key = keys[m.keyIndex % keys.length];
  if (m.how === 'drop') {
    // Every key of these bodies is required except PATCH fields; drop all of them there.
    if (base.method === 'patch') return { ...base, body: {} };
    delete body[key];
    return { ...base, body };
  }
  if (m.how === 'retype') {
    const retyped =
      typeof body[key] === 'string' &&
      typeof m.value === 'string' &&
      m.value.length < 9000
        ? 12345
        : m.value;
    return { ...base, body: { ...body, [key]: retyped } };
  }
  if (m.how === 'extra')
    return { ...base, body: { ...body, [m.extraKey]: m.value } };
  return { ...base, body: m.value };
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe('the fuzzed routes', () => {
  it('are every route that takes a body', () => {
    const withBody = ROUTES.filter(r => r.body)
      .map(r => r.id)
      .sort();
    expect(VALID.map(v => v.id).sort()).toEqual(withBody);
  });
});

describe.each(databases.eachSupportedId())(
  '2,000 malformed requests on %s',
  databaseId => {
    it('never answers 5xx and never changes stored data', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex);
      expect(
        (
          await api
            .as(USERS.requester)
            .post('/integrations', intake('fuzz-target'))
        ).status,
      ).toBe(201);
      const before = await snapshot(knex);
      const statuses = new Map<number, number>();
      let runs = 0;
      const failures: string[] = [];
      await fc
        .assert(
          fc.asyncProperty(mutation, async m => {
            const req = apply(m as any);
            const who = SERVICE_ROUTES.has(req.path)
              ? 'service'
              : USERS.compliance;
            const res = await api.raw(who, req.method, req.path, req.body);
            runs++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            // A monitoring batch whose events are all invalid is answered 200 with every event
            // rejected (partial acceptance); every other malformed request must be a 4xx.
            const allowed = REPORTING.has(req.path)
              ? res.status < 500
              : res.status >= 400 && res.status < 500;
            if (!allowed) {
              failures.push(
                `${req.method} ${req.path} ${JSON.stringify(req.body).slice(
                  0,
                  200,
                )} → ${res.status}`,
              );
            }
            return allowed;
          }),
          { numRuns: 2000, seed: 20261124 },
        )
        .catch(e => {
          failures.push(String(e).slice(0, 2000));
        });
      const after = await snapshot(knex);
      const spread = [...statuses.entries()]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      recordFigure(
        `bad input (${databaseId})`,
        'malformed requests sent',
        runs,
        runs >= 2000 ? 'pass' : 'fail',
      );
      recordFigure(
        `bad input (${databaseId})`,
        'status spread',
        spread,
        failures.length ? 'fail' : 'pass',
      );
      recordFigure(
        `bad input (${databaseId})`,
        'stored data changed',
        after === before ? 'no' : 'yes',
        after === before ? 'pass' : 'fail',
      );
      expect(failures).toEqual([]);
      expect(runs).toBe(2000);
      expect(after).toBe(before);
    });
  },
);
