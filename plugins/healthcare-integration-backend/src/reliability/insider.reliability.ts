/* eslint-disable no-console */
// Insiders: every participant role of a record, an unrelated colleague and a service token try
// to get around the controls — approve what is not theirs, waive what may not be waived,
// reassign roles, lower the risk profile, implement a change early, read what they must not —
// against the real permission backend and the example portal's own policy. Every attempt must
// be refused with a 4xx that names the rule, and the governed state must not change.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { TEST_SCENARIOS } from '@hcig/backstage-plugin-healthcare-integration-common';
import { USERS, intake } from '../testing/fixtures';
import { base64 } from '../testing/testBackend';
import { recordFigure } from './harness/instances';
import {
  Caller,
  startPermissionMatrixBackend,
} from './harness/permissionMatrixBackend';

jest.setTimeout(300_000);

/** The governed state: what an insider would like to change. Proposals and audit are checked apart. */
const GOVERNED_TABLES = [
  'hip_integrations',
  'hip_role_holders',
  'hip_gates',
  'hip_gate_roles',
  'hip_gate_decisions',
  'hip_evidence',
  'hip_tests',
  'hip_change_requests',
  'hip_audit_events',
];

async function governedState(knex: Knex) {
  const hash = createHash('sha256');
  for (const t of GOVERNED_TABLES) {
    const rows = await knex(t).select();
    rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    hash.update(`${t}:${JSON.stringify(rows)}`);
  }
  return hash.digest('hex');
}

const PARTICIPANTS: Array<[string, string]> = [
  ['requester', USERS.requester],
  ['business owner', USERS.business],
  ['technical owner', USERS.technical],
  ['process owner', USERS.clinical],
  ['security reviewer', USERS.security],
  ['compliance reviewer', USERS.compliance],
  ['test owner', USERS.tester],
  ['support owner', USERS.support],
];

interface Attempt {
  who: Caller;
  what: string;
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  body?: unknown;
  /** The rule the refusal must name (its id, or the policy's permission for a policy denial). */
  rule: RegExp;
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('insiders on %s', databaseId => {
  it('every attempt to get around a control is refused, naming the rule, and changes nothing', async () => {
    const knex = await databases.init(databaseId);
    const { send } = await startPermissionMatrixBackend(knex);
    const rec = (name: string) => `/integrations/default/${name}`;
    const ok = async (
      who: Caller,
      method: Attempt['method'],
      path: string,
      body?: unknown,
    ) => {
      const res = await send(who, method, path, body);
      if (res.status >= 300)
        throw new Error(
          `${method} ${path} as ${who}: ${res.status} ${JSON.stringify(
            res.body,
          )}`,
        );
      return res.body;
    };

    // A PHI record in design, with evidence; and a live record to change.
    await ok(
      USERS.requester,
      'post',
      '/integrations',
      intake('insider-phi', {
        phi: true,
        externalVendor: true,
        vendorName: 'Acme Labs',
      }),
    );
    await ok(
      USERS.business,
      'post',
      `${rec('insider-phi')}/gates/intake/decisions`,
      { decision: 'approve', comment: 'Needed' },
    );
    await ok(USERS.requester, 'post', `${rec('insider-phi')}/stage`, {
      to: 'design',
    });
    const evidence = await ok(
      USERS.requester,
      'post',
      `${rec('insider-phi')}/evidence`,
      {
        kind: 'other',
        title: 'Sample ADT with PHI',
        mediaType: 'text/plain',
        contentBase64: base64('PID|1||MRN-42^^^HOSP'),
      },
    );
    const live = await driveToLive(ok, 'insider-live');
    const change = (
      await ok(
        USERS.requester,
        'post',
        `${rec('insider-live')}/change-requests`,
        {
          type: 'new-field',
          summary: 'Add ethnicity',
          impactAssessment: 'PID-22 added to the ORM feed',
        },
      )
    ).changeRequests[0];
    await ok(
      USERS.requester,
      'post',
      `${rec('insider-live')}/change-requests/${change.id}/transition`,
      { to: 'authorise' },
    );
    await ok(
      USERS.business,
      'post',
      `${rec('insider-live')}/gates/change-control/decisions`,
      { decision: 'approve', comment: 'CAB approved' },
    );
    expect(live.record.stage).toBe('live');

    const phi = rec('insider-phi');
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const attempts: Attempt[] = [];
    for (const [role, who] of PARTICIPANTS) {
      attempts.push(
        // Approving a gate whose role they do not hold (security review: only the security office).
        ...(role === 'security reviewer'
          ? []
          : [
              {
                who,
                what: `${role} approves the security review`,
                method: 'post' as const,
                path: `${phi}/gates/security-review/decisions`,
                body: { decision: 'approve', comment: 'Looks fine' },
                rule: /rule: (approver-role-required|requester-cannot-decide)/,
              },
            ]),
        // Go-live is never waived; only the compliance office may try to waive at all.
        {
          who,
          what: `${role} waives go-live`,
          method: 'post',
          path: `${phi}/gates/go-live/waiver`,
          body: {
            justification: 'We are in a hurry to go live this week',
            expiresAt: later,
          },
          rule: /rule: gate-not-waivable|Not allowed: healthcare-integration\.gate\.waive/,
        },
        // Naming themselves security and compliance reviewer: not eligible.
        {
          who,
          what: `${role} names themselves security and compliance reviewer`,
          method: 'patch',
          path: phi,
          body: { roles: { securityReviewer: who, complianceReviewer: who } },
          rule: /rule: (role-eligibility|separation:|requester-holds-no-approver-role)|Not allowed: healthcare-integration\.record\.update/,
        },
        // Implementing the live record's change while the gates it reopened are open.
        {
          who,
          what: `${role} implements the change early`,
          method: 'post',
          path: `${rec('insider-live')}/change-requests/${
            change.id
          }/transition`,
          body: { to: 'implement' },
          rule: /rule: reopened-gates-closed|Not allowed: healthcare-integration\.record\.update/,
        },
      );
    }
    attempts.push(
      {
        who: USERS.outsider,
        what: 'an unrelated colleague reads PHI evidence',
        method: 'get',
        path: `${phi}/evidence/${evidence.id}/content`,
        rule: /Not allowed: healthcare-integration\.evidence\.read|rule: phi-floor/,
      },
      {
        who: USERS.outsider,
        what: 'an unrelated colleague reads the PHI audit trail',
        method: 'get',
        path: `${phi}/audit`,
        rule: /Not allowed: healthcare-integration\.audit\.read|rule: phi-floor/,
      },
      {
        who: USERS.outsider,
        what: 'an unrelated colleague exports the evidence pack',
        method: 'get',
        path: `${phi}/audit/export`,
        rule: /Not allowed: healthcare-integration\.audit\.export|rule: phi-floor/,
      },
      {
        who: 'service',
        what: 'a service token renames the record',
        method: 'patch',
        path: phi,
        body: { title: 'Renamed by a robot' },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token uploads evidence',
        method: 'post',
        path: `${phi}/evidence`,
        body: { kind: 'baa', title: 'BAA', url: 'https://example.org/baa.pdf' },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token records a test',
        method: 'put',
        path: `${phi}/tests/happy-path`,
        body: { result: 'failed' },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token retires the record',
        method: 'post',
        path: `${phi}/stage`,
        body: { to: 'retired' },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token waives a gate',
        method: 'post',
        path: `${phi}/gates/vendor-risk/waiver`,
        body: {
          justification: 'Automated waiver from the pipeline',
          expiresAt: later,
        },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token decides a gate',
        method: 'post',
        path: `${phi}/gates/security-review/decisions`,
        body: { decision: 'approve', comment: 'ok' },
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token reads PHI evidence',
        method: 'get',
        path: `${phi}/evidence/${evidence.id}/content`,
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token exports the evidence pack',
        method: 'get',
        path: `${phi}/audit/export`,
        rule: /rule: principal-kind/,
      },
      {
        who: 'service',
        what: 'a service token stores a mapping',
        method: 'put',
        path: `${phi}/mapping`,
        body: { spec: 'x' },
        rule: /rule: principal-kind/,
      },
    );

    const before = await governedState(knex);
    const failures: string[] = [];
    for (const a of attempts) {
      const res = await send(a.who, a.method, a.path, a.body);
      const message: string = res.body?.error?.message ?? '';
      if (res.status < 400 || res.status >= 500 || !a.rule.test(message)) {
        failures.push(`${a.what}: ${res.status} ${JSON.stringify(message)}`);
      }
    }
    const after = await governedState(knex);

    // Lowering protection and handing out roles: proposals, which the insiders cannot approve.
    const lowered = await send(USERS.technical, 'patch', phi, {
      profile: { phi: false, externalVendor: false },
    });
    expect(lowered.status).toBe(202);
    expect(lowered.body.record.profile).toMatchObject({
      phi: true,
      externalVendor: true,
    });
    const proposalId = lowered.body.recordChanges[0].id;
    const selfApprovals: string[] = [];
    for (const [role, who] of PARTICIPANTS.filter(
      ([r]) => r !== 'compliance reviewer',
    )) {
      const res = await send(
        who,
        'post',
        `${phi}/record-changes/${proposalId}/decisions`,
        { decision: 'approve', comment: 'Not PHI after all' },
      );
      if (
        res.status !== 403 ||
        !/rule: (proposer-cannot-approve|requester-cannot-decide|approver-role-required)/.test(
          res.body?.error?.message ?? '',
        )
      ) {
        selfApprovals.push(
          `${role}: ${res.status} ${res.body?.error?.message}`,
        );
      }
    }
    const still = await send(
      USERS.outsider,
      'get',
      `${phi}/evidence/${evidence.id}/content`,
    );

    console.log(
      [
        `Insider attempts on ${databaseId}: ${attempts.length} refused with a rule, ${failures.length} not`,
        ...attempts.map(
          a =>
            `  ${
              failures.some(f => f.startsWith(`${a.what}:`)) ? 'FAIL' : 'ok  '
            } ${a.what}`,
        ),
        `  self-approval of a proposal lowering PHI: ${
          PARTICIPANTS.length - 1 - selfApprovals.length
        } of ${PARTICIPANTS.length - 1} refused`,
      ].join('\n'),
    );
    recordFigure(
      'insiders',
      `attempts refused with a named rule (${databaseId})`,
      `${attempts.length - failures.length} / ${attempts.length}`,
      failures.length ? 'fail' : 'pass',
    );
    recordFigure(
      'insiders',
      `governed state unchanged (${databaseId})`,
      before === after ? 'yes' : 'no',
      before === after ? 'pass' : 'fail',
    );

    expect(failures).toEqual([]);
    expect(after).toBe(before);
    expect(selfApprovals).toEqual([]);
    expect(still.status).toBe(403);
  });
});

type Ok = (
  who: Caller,
  method: Attempt['method'],
  path: string,
  body?: unknown,
) => Promise<any>;

/** A record walked to live the way people do it, each gate by its own role. */
async function driveToLive(ok: Ok, name: string) {
  const rec = `/integrations/default/${name}`;
  await ok(USERS.requester, 'post', '/integrations', intake(name));
  await ok(USERS.business, 'post', `${rec}/gates/intake/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  await ok(USERS.requester, 'post', `${rec}/stage`, { to: 'design' });
  const spec = {
    apiVersion: 'healthcare-integration/v1',
    kind: 'MappingSpec',
    source: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A01' },
    destination: { standard: 'custom', layout: 'bed-board', columns: ['mrn'] },
    rows: [
      {
        id: 'patient-mrn',
        source: 'PID-3.1',
        destination: 'mrn',
        required: true,
        phiClass: 'demographics',
        meaning: 'Medical record number',
        confirmBy: 'processOwner',
      },
    ],
  };
  await ok(USERS.technical, 'put', `${rec}/mapping`, { spec });
  await ok(
    USERS.clinical,
    'post',
    `${rec}/mapping/rows/patient-mrn/confirm`,
    {},
  );
  await ok(USERS.clinical, 'post', `${rec}/gates/mapping-review/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  await ok(USERS.requester, 'post', `${rec}/stage`, { to: 'build' });
  await ok(USERS.requester, 'post', `${rec}/stage`, { to: 'test' });
  const report = await ok(USERS.requester, 'post', `${rec}/evidence`, {
    kind: 'test-result',
    title: 'Run',
    contentBase64: base64('all green'),
  });
  for (const s of TEST_SCENARIOS)
    await ok(USERS.tester, 'put', `${rec}/tests/${s}`, {
      result: 'passed',
      evidenceId: report.id,
    });
  await ok(USERS.tester, 'post', `${rec}/gates/test-evidence/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  await ok(USERS.requester, 'post', `${rec}/stage`, { to: 'ready' });
  for (const kind of ['monitoring-plan', 'runbook', 'go-live-checklist']) {
    await ok(USERS.requester, 'post', `${rec}/evidence`, {
      kind,
      title: kind,
      contentBase64: base64(kind),
    });
  }
  await ok(USERS.support, 'post', `${rec}/gates/monitoring-plan/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  await ok(USERS.business, 'post', `${rec}/gates/go-live/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  await ok(USERS.technical, 'post', `${rec}/gates/go-live/decisions`, {
    decision: 'approve',
    comment: 'ok',
  });
  return ok(USERS.requester, 'post', `${rec}/stage`, { to: 'live' });
}
