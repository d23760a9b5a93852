/* eslint-disable no-console */
// Permission matrix: every API route × six callers, through the REAL permission framework
// (permission backend + the example portal's policy + the plugin's conditional rules), with the
// expected outcome of every cell written out below. A route added to ROUTES without a row fails.
import { TestDatabases } from '@backstage/backend-test-utils';
import { ROUTES } from '../schema/routes';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { base64 } from '../testing/testBackend';
import { sample, sampleSpec } from '../mapping/testSamples';
import { recordFigure } from './harness/instances';
import {
  ADMIN,
  Caller,
  startPermissionMatrixBackend,
} from './harness/permissionMatrixBackend';

jest.setTimeout(180_000);

/**
 * Outcomes. Denials are told apart by who refused: the permission policy (403 "Not allowed:
 * <permission>"), or the backend's own rules after the policy allowed (approver role,
 * segregation of duties, routed role; any other 403). Anything but 401/403 is "allowed":
 * the call got past authentication and authorisation (a 400/404/409 from the handler counts).
 */
const Y = 'allow';
const A = 'deny:401';
const P = 'deny:policy';
const R = 'deny:rule';
type Outcome = typeof Y | typeof A | typeof P | typeof R;

const COLUMNS = [
  'anonymous',
  'requester',
  'other reviewer',
  'right reviewer',
  'admin',
  'service',
] as const;

/**
 * The seeded PHI record. Its roles are the fixtures' except the test owner (taylor.brooks instead of
 * the quality-assurance group), so alex.kim is a reviewer (test owner of other integrations) with
 * no part in this one: the "unrelated reviewer" of the PHI rows.
 */
const PHI = 'phi-matrix';
const REC = `/integrations/default/${PHI}`;
const PHI_ROLES = { ...ROLE_HOLDERS, testOwner: USERS.support };
const UNRELATED = USERS.tester;

interface Seed {
  evidenceId: string;
  exceptionId: string;
  /** A record change proposed by the technical owner, awaiting the compliance reviewer. */
  changeId: string;
}
interface Call {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  body?: unknown;
}
interface Row {
  /** The "other reviewer" and "right reviewer" of this route. */
  other: string;
  right: string;
  cells: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
  call: (seed: Seed, cell: number) => Call;
}

let created = 0;
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();
const get = (path: string) => (): Call => ({ method: 'get', path });

/** The body of the alertmanager ingest cells: a valid webhook with no alerts. */
const ALERTMANAGER = {
  version: '4',
  groupKey: '{}:{alertname="QueueBacklog"}',
  status: 'firing',
  receiver: 'backstage',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  truncatedAlerts: 0,
  alerts: [],
};

// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                                                anonymous requester other right admin service
  'get-policy':            { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/policy') },
  'list-integrations':     { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/integrations?phi=true') },
  // A preview writes nothing and covers only the records the caller may read (a CI pipeline's service token too).
  'preview-policy':        { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, Y, Y, Y, Y],
    call: () => ({ method: 'post', path: '/policy/preview', body: { policy: { waiverMaxDays: 30 } } }) },
  // The policy's version history is as readable as the running policy (a CI pipeline checks it too).
  'list-policy-versions':  { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/policy/versions') },
  'get-policy-version':    { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/policy/versions/1') },
  // Anyone may request an integration, but not one on which they would hold an approver role: the
  // callers here hold no role in the fixtures' holders.
  'create-integration':    { other: USERS.outsider,  right: ADMIN,            cells: [A, Y, Y, Y, Y, R],
    call: () => ({ method: 'post', path: '/integrations', body: intake(`matrix-new-${++created}`) }) },
  'get-integration':       { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get(REC) },
  'update-integration':    { other: UNRELATED,       right: USERS.business,   cells: [A, Y, P, Y, Y, R],
    call: (_s, i) => ({ method: 'patch', path: REC, body: { title: `PHI matrix feed (${i})` } }) },
  // request-changes keeps the gate open, so every cell meets the same gate state.
  'decide-gate':           { other: USERS.security,  right: USERS.compliance, cells: [A, R, R, Y, R, R],
    call: () => ({ method: 'post', path: `${REC}/gates/compliance-review/decisions`, body: { decision: 'request-changes', comment: 'Please state the retention period' } }) },
  'waive-gate':            { other: USERS.security,  right: USERS.compliance, cells: [A, P, P, Y, R, R],
    call: () => ({ method: 'post', path: `${REC}/gates/compliance-review/waiver`, body: { justification: 'Covered by the enterprise HIPAA assessment of 2026', expiresAt: inDays(30) } }) },
  // The seeded waiver of security-review awaits its co-approver, the business owner (revenue-cycle).
  'confirm-waiver':        { other: USERS.security,  right: USERS.business,   cells: [A, R, R, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/gates/security-review/waiver/confirm`, body: { comment: 'Risk accepted until the scan' } }) },
  // The technical owner's proposed change: the compliance reviewer decides it (later cells meet it applied: 409).
  'decide-record-change':  { other: USERS.security,  right: USERS.compliance, cells: [A, R, R, Y, Y, R],
    call: s => ({ method: 'post', path: `${REC}/record-changes/${s.changeId}/decisions`, body: { decision: 'approve', comment: 'Jordan leads the lab workflow' } }) },
  'withdraw-record-change': { other: UNRELATED,      right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: s => ({ method: 'post', path: `${REC}/record-changes/${s.changeId}/withdraw` }) },
  'upload-evidence':       { other: UNRELATED,       right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/evidence`, body: { kind: 'test-result', title: 'Test run', contentBase64: base64('all green') } }) },
  // PHI evidence: participants (by user or group) and auditors only. Platform admins pass the
  // portal policy but not the plugin's PHI floor (minimum necessary: administering is not reading).
  'get-evidence-content':  { other: UNRELATED,       right: USERS.clinical,   cells: [A, Y, P, Y, R, R],
    call: s => ({ method: 'get', path: `${REC}/evidence/${s.evidenceId}/content` }) },
  // Only the test owner records results (rule: test-owner-records-results).
  'record-test':           { other: UNRELATED,       right: USERS.support,    cells: [A, R, P, Y, R, R],
    call: () => ({ method: 'put', path: `${REC}/tests/downtime`, body: { result: 'failed', notes: 'Queue did not drain' } }) },
  'move-stage':            { other: UNRELATED,       right: USERS.requester,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/stage`, body: { to: 'design' } }) },
  'open-change-request':   { other: UNRELATED,       right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/change-requests`, body: { type: 'new-field', summary: 'Add PID-22', impactAssessment: 'Adds ethnic group to the feed' } }) },
  'update-change-request': { other: UNRELATED,       right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'patch', path: `${REC}/change-requests/00000000-0000-4000-8000-000000000000`, body: { summary: 'Add PID-22 and PID-10' } }) },
  'move-change-request':   { other: UNRELATED,       right: USERS.business,   cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/change-requests/00000000-0000-4000-8000-000000000000/transition`, body: { to: 'authorise' } }) },
  // The PHI audit trail: participants and auditors only (the policy, and the plugin's own floor).
  'read-audit':            { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, P, Y, R, R], call: get(`${REC}/audit`) },
  'verify-audit':          { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, P, Y, Y, R], call: get(`${REC}/audit/verify`) },
  // PHI audit export: participants and auditors only.
  'export-evidence-pack':  { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, P, Y, R, R], call: get(`${REC}/audit/export`) },
  'export-fhir-audit':     { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, P, Y, R, R], call: get(`${REC}/audit/fhir`) },
  // The HTML audit report is the export's, with the same PHI floor.
  'get-audit-report':      { other: UNRELATED,       right: USERS.compliance, cells: [A, Y, P, Y, R, R], call: get(`${REC}/audit/report`) },
  // The record's leaf of the latest checkpoint (ref, sequence, hash; no PHI): services may fetch it to archive.
  'get-integration-checkpoint': { other: UNRELATED,  right: USERS.compliance, cells: [A, Y, P, Y, Y, Y], call: get(`${REC}/audit/checkpoint`) },
  // Checkpoint bodies (Merkle roots, no refs) and public keys: readable by everyone signed in, and by services.
  'list-audit-checkpoints': { other: UNRELATED,      right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/audit/checkpoints') },
  'get-audit-keys':        { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/audit/keys') },
  // Monitoring ingest is for service principals: every person is refused by the route itself.
  'ingest-events':         { other: USERS.security,  right: USERS.support,    cells: [A, R, R, R, R, Y],
    call: (_s, i) => ({ method: 'post', path: '/monitoring/events', body: { events: [monitoringEvent(`matrix-ingest-${i}`)] } }) },
  'ingest-alertmanager':   { other: USERS.security,  right: USERS.support,    cells: [A, R, R, R, R, Y],
    call: () => ({ method: 'post', path: '/monitoring/alertmanager', body: ALERTMANAGER }) },
  // What ingest could not use: platform admins only (the policy), never the ingest token (the route).
  'list-ingest-problems':  { other: USERS.security,  right: USERS.support,    cells: [A, P, P, P, Y, R], call: get('/monitoring/ingest-problems') },
  'get-monitoring':        { other: UNRELATED,       right: USERS.support,    cells: [A, Y, Y, Y, Y, Y], call: get(`${REC}/monitoring`) },
  // The seeded exception (technical failed-message) is routed to the technical owner.
  'acknowledge-exception': { other: USERS.support,   right: USERS.technical,  cells: [A, R, R, Y, R, R],
    call: s => ({ method: 'post', path: `${REC}/exceptions/${s.exceptionId}/acknowledge`, body: {} }) },
  'resolve-exception':     { other: USERS.support,   right: USERS.technical,  cells: [A, R, R, Y, R, R],
    call: s => ({ method: 'post', path: `${REC}/exceptions/${s.exceptionId}/resolve`, body: {} }) },
  'validate-mapping':      { other: UNRELATED,       right: USERS.clinical,   cells: [A, Y, Y, Y, Y, Y],
    call: () => ({ method: 'post', path: '/mappings/validate', body: { spec: sample('mappings/ehr-lab-orders.yaml') } }) },
  'get-mapping':           { other: UNRELATED,       right: USERS.clinical,   cells: [A, Y, Y, Y, Y, Y], call: get(`${REC}/mapping`) },
  // The same spec again stores no new version, so the requester stays its author.
  'put-mapping':           { other: UNRELATED,       right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'put', path: `${REC}/mapping`, body: { spec: sampleSpec('ehr-lab-orders') } }) },
  // Rows order-status and order-intent are confirmed by the process owner (clinical-informatics).
  'confirm-mapping-row':   { other: USERS.technical, right: USERS.clinical,   cells: [A, R, R, Y, R, R],
    call: () => ({ method: 'post', path: `${REC}/mapping/rows/order-status/confirm`, body: { comment: 'Same meaning' } }) },
  'dispute-mapping-row':   { other: USERS.technical, right: USERS.clinical,   cells: [A, R, R, Y, R, R],
    call: () => ({ method: 'post', path: `${REC}/mapping/rows/order-intent/dispute`, body: { comment: 'Intent differs for standing orders' } }) },
  'run-mapping':           { other: UNRELATED,       right: USERS.technical,  cells: [A, Y, P, Y, Y, R],
    call: () => ({ method: 'post', path: `${REC}/mapping/run`, body: { message: sample('hl7v2/orm-o01.hl7'), format: 'hl7v2', scenario: 'happy-path' } }) },
  // The operating model: role holders and approvals, no PHI; read like the record itself.
  'get-operating-model':   { other: UNRELATED,       right: USERS.support,    cells: [A, Y, Y, Y, Y, Y], call: get(`${REC}/operating-model`) },
  'get-operating-model-version': { other: UNRELATED, right: USERS.support,    cells: [A, Y, Y, Y, Y, Y], call: get(`${REC}/operating-model/versions/1`) },
  'diff-operating-model':  { other: UNRELATED,       right: USERS.support,    cells: [A, Y, Y, Y, Y, Y], call: get(`${REC}/operating-model/diff?from=1&to=1`) },
  'inbox':                 { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, R], call: get('/inbox') },
  'list-catalog-entities': { other: UNRELATED,       right: USERS.security,   cells: [A, Y, Y, Y, Y, Y], call: get('/catalog-entities') },
};

/** A valid event for the ordinary integration, so ingest cells leave the PHI record's exception alone. */
function monitoringEvent(
  dedupKey: string,
  integrationRef = 'component:default/other-feed',
) {
  return {
    integrationRef,
    category: 'technical',
    kind: 'failed-message',
    severity: 'error',
    count: 1,
    occurredAt: new Date().toISOString(),
    source: 'mirth:prod',
    dedupKey,
  };
}

function callerOf(row: Row, column: number): Caller {
  return ['anonymous', USERS.requester, row.other, row.right, ADMIN, 'service'][
    column
  ];
}

function outcomeOf(status: number, body: any): Outcome {
  if (status === 401) return A;
  if (status !== 403) return Y;
  const message: string = body?.error?.message ?? '';
  return message.startsWith('Not allowed: healthcare-integration.') ? P : R;
}

const short = (ref: string) => ref.replace(/^user:default\//, '');

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('permission matrix (real permission backend and portal policy)', () => {
  it('has one row per route', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(ROUTES.map(r => r.id).sort());
  });

  it('allows and denies every route × caller as the table says', async () => {
    const knex = await databases.init('SQLITE_3');
    const { send } = await startPermissionMatrixBackend(knex);

    // Seed: a PHI integration with evidence, a stored mapping and an open exception, plus an
    // ordinary integration on which alex.kim (the unrelated reviewer) is the test owner.
    const phi = await send(USERS.requester, 'post', '/integrations', {
      ...intake(PHI, {
        phi: true,
        dataClasses: ['demographics', 'lab-results'],
      }),
      roles: PHI_ROLES,
    });
    expect(phi.status).toBe(201);
    expect(
      (
        await send(
          USERS.requester,
          'post',
          '/integrations',
          intake('other-feed'),
        )
      ).status,
    ).toBe(201);
    const evidence = await send(USERS.requester, 'post', `${REC}/evidence`, {
      kind: 'baa',
      title: 'Business associate agreement',
      contentBase64: base64('signed BAA'),
    });
    expect(evidence.status).toBe(201);
    expect(
      (
        await send(USERS.requester, 'put', `${REC}/mapping`, {
          spec: sampleSpec('ehr-lab-orders'),
        })
      ).status,
    ).toBe(200);
    const ingest = await send('service', 'post', '/monitoring/events', {
      events: [monitoringEvent('matrix-seed', `component:default/${PHI}`)],
    });
    expect(ingest.body).toMatchObject({ accepted: 1 });
    const monitoring = await send(USERS.requester, 'get', `${REC}/monitoring`);
    const exception = monitoring.body.exceptions.find(
      (e: any) => e.kind === 'failed-message',
    );
    expect(exception).toMatchObject({
      routedRole: 'technicalOwner',
      routedTo: USERS.technical,
    });
    const waiver = await send(
      USERS.compliance,
      'post',
      `${REC}/gates/security-review/waiver`,
      {
        justification:
          'Pen test booked; interim controls reviewed with the security office',
        expiresAt: inDays(30),
      },
    );
    expect(
      waiver.body.gates.find((g: any) => g.id === 'security-review').waiver,
    ).toMatchObject({ pendingCoApproval: 'businessOwner' });
    const proposal = await send(USERS.technical, 'patch', REC, {
      roles: { processOwner: USERS.clinical },
    });
    expect(proposal.status).toBe(202);
    const seed: Seed = {
      evidenceId: evidence.body.id,
      exceptionId: exception.id,
      changeId: proposal.body.recordChanges[0].id,
    };

    const mismatches: string[] = [];
    const printed: string[][] = [];
    let checked = 0;
    // Valid bodies: an allowed call must not be a validation error, except where the route
    // refuses the caller's kind (the inbox belongs to a person).
    const badRequests: string[] = [];
    // Any 5xx is a failure, whatever the table says.
    const serverErrors: string[] = [];
    for (const route of ROUTES) {
      const row = MATRIX[route.id];
      if (!row) {
        mismatches.push(`${route.id}: no matrix row`);
        continue;
      }
      const actual: string[] = [];
      for (let column = 0; column < COLUMNS.length; column++) {
        const call = row.call(seed, column);
        // The table's paths must be the route's own (same method, same shape).
        const pattern = new RegExp(
          `^${route.path.replace(/:[a-zA-Z]+/g, '[^/]+')}(\\?.*)?$`,
        );
        expect({
          id: route.id,
          method: call.method,
          matches: pattern.test(call.path),
        }).toEqual({
          id: route.id,
          method: route.method,
          matches: true,
        });
        const res = await send(
          callerOf(row, column),
          call.method,
          call.path,
          call.body,
        );
        const outcome = outcomeOf(res.status, res.body);
        checked++;
        if (res.status === 400)
          badRequests.push(`${route.id} as ${COLUMNS[column]}`);
        if (res.status >= 500)
          serverErrors.push(
            `${route.id} as ${COLUMNS[column]}: ${res.status} ${JSON.stringify(
              res.body?.error?.message ?? '',
            )}`,
          );
        actual.push(
          `${outcome === Y ? 'allow' : outcome.slice(5)} ${res.status}`,
        );
        if (outcome !== row.cells[column]) {
          mismatches.push(
            `${route.id} as ${COLUMNS[column]} (${callerOf(
              row,
              column,
            )}): expected ${row.cells[column]}, got ${
              res.status
            } ${JSON.stringify(res.body?.error?.message ?? '')}`,
          );
        }
      }
      printed.push([
        route.id,
        ...actual,
        `${short(row.other)} / ${short(row.right)}`,
      ]);
    }

    const header = ['route', ...COLUMNS, 'other / right reviewer'];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...printed.map(r => r[i].length)),
    );
    const line = (cells: string[]) =>
      cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
    console.log(
      [
        'Permission matrix (outcome and status; policy = denied by the permission policy, rule = by the backend after the policy allowed)',
        line(header),
        widths.map(w => '-'.repeat(w)).join('-|-'),
        ...printed.map(line),
        `${checked} cells checked, ${mismatches.length} mismatches`,
      ].join('\n'),
    );

    const cells = printed.flatMap(r => r.slice(1, 7));
    const count = (kind: string) =>
      cells.filter(c => c.startsWith(kind)).length;
    recordFigure(
      'permission matrix',
      'routes × callers checked',
      `${printed.length} × ${COLUMNS.length} = ${checked}`,
      checked === ROUTES.length * COLUMNS.length ? 'pass' : 'fail',
    );
    recordFigure(
      'permission matrix',
      'allowed / policy-denied / rule-denied / 401',
      `${count('allow')} / ${count('policy')} / ${count('rule')} / ${count(
        '401',
      )}`,
      mismatches.length ? 'fail' : 'pass',
    );
    recordFigure(
      'permission matrix',
      'cells differing from the table',
      mismatches.length,
      mismatches.length ? 'fail' : 'pass',
    );

    expect(serverErrors).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(badRequests).toEqual([]);
  });
});
