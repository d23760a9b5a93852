import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startTestEngine } from '../testing/testEngine';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';
import { compareWithChain, readRecordSections } from '../audit/binding';

jest.setTimeout(90_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/**
 * The trust model: what the people a record governs must not be able to edit away. Every
 * attempt is refused with a 4xx naming the rule, and nothing stored changes.
 */
describe.each(databases.eachSupportedId())('trust model on %s', databaseId => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startGovernanceBackend>>;
  const path = (name: string) => `/integrations/default/${name}`;
  const auditSeq = async (name: string) =>
    Number(
      (
        await knex('hip_integrations')
          .where({ entity_ref: `component:default/${name}` })
          .first()
      ).audit_seq,
    );
  const create = async (name: string, profile = {}) => {
    const res = await api
      .as(USERS.requester)
      .post('/integrations', intake(name, profile));
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    api = await startGovernanceBackend(knex, {
      config: {
        healthcareIntegration: {
          access: { auditorGroups: ['group:default/compliance-office'] },
        },
      },
    });
  });

  describe('intake validates every role holder', () => {
    it.each([
      [
        'a teammate as security reviewer',
        { securityReviewer: USERS.technical },
        /roles\.securityReviewer: .* is not eligible.*rule: role-eligibility/,
      ],
      [
        'the requester’s own group as compliance reviewer',
        { complianceReviewer: 'group:default/integration-engineering' },
        /roles\.complianceReviewer: .*rule: role-eligibility/,
      ],
      [
        'a user the catalog does not know',
        { testOwner: 'user:default/nobody' },
        /roles\.testOwner: user:default\/nobody is not a user or group in the catalog \(rule: holder-in-catalog\)/,
      ],
      [
        'the requester as an approver',
        { businessOwner: USERS.requester },
        /roles\.businessOwner: the requester would hold businessOwner.*rule: requester-holds-no-approver-role/,
      ],
      [
        'the requester’s group as an approver',
        { supportOwner: 'group:default/integration-engineering' },
        /rule: requester-holds-no-approver-role/,
      ],
      [
        'the builder as test owner',
        { testOwner: USERS.technical },
        /rule: separation:independent-testing/,
      ],
    ])('refuses %s', async (_what, roles, message) => {
      const res = await api.as(USERS.requester).post('/integrations', {
        ...intake('bad-roles'),
        roles: { ...ROLE_HOLDERS, ...roles },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(
        await knex('hip_integrations').where({ name: 'bad-roles' }),
      ).toHaveLength(0);
    });
  });

  it('a participant who names himself in three roles gets a proposal, not the roles', async () => {
    await create('self-assign', { phi: true });
    const before = await auditSeq('self-assign');
    const res = await api.as(USERS.technical).patch(path('self-assign'), {
      roles: {
        businessOwner: USERS.technical,
        securityReviewer: USERS.technical,
        complianceReviewer: USERS.technical,
      },
    });
    // Eligibility is checked when the change is proposed: the technical owner is not in the security office.
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /roles\.securityReviewer.*rule: role-eligibility/,
    );
    expect(await auditSeq('self-assign')).toBe(before);

    const moved = await api
      .as(USERS.technical)
      .patch(path('self-assign'), { roles: { businessOwner: USERS.support } });
    expect(moved.status).toBe(202);
    expect(moved.body.record.roles.businessOwner).toBe(
      ROLE_HOLDERS.businessOwner,
    );
    const change = moved.body.recordChanges[0];
    expect(change).toMatchObject({
      status: 'pending',
      proposedBy: USERS.technical,
      before: { roles: { businessOwner: ROLE_HOLDERS.businessOwner } },
      after: { roles: { businessOwner: USERS.support } },
    });
    // Until approved, the old holder governs: the new one cannot decide intake.
    const decide = await api
      .as(USERS.support)
      .post(`${path('self-assign')}/gates/intake/decisions`, {
        decision: 'approve',
        comment: 'mine now',
      });
    expect(decide.status).toBe(403);
    expect(decide.body.error.message).toMatch(/rule: approver-role-required/);

    const decideChange = (who: string, decision = 'approve') =>
      api
        .as(who)
        .post(`${path('self-assign')}/record-changes/${change.id}/decisions`, {
          decision,
          comment: `${decision} by ${who}`,
        });
    expect((await decideChange(USERS.technical)).body.error.message).toMatch(
      /rule: proposer-cannot-approve/,
    );
    expect((await decideChange(USERS.requester)).body.error.message).toMatch(
      /rule: requester-cannot-decide/,
    );
    expect((await decideChange(USERS.support)).body.error.message).toMatch(
      /rule: (beneficiary-cannot-approve|approver-role-required)/,
    );
    expect((await decideChange(USERS.business)).body.error.message).toMatch(
      /rule: approver-role-required/,
    );
    const second = await api
      .as(USERS.clinical)
      .patch(path('self-assign'), { roles: { testOwner: USERS.tester } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      /rule: one-pending-record-change/,
    );

    const approved = await decideChange(USERS.compliance);
    expect(approved.status).toBe(200);
    expect(approved.body.record.roles.businessOwner).toBe(USERS.support);
    expect(approved.body.record.profileRevision).toBe(2);
    expect(approved.body.recordChanges[0].status).toBe('applied');
    const audit = await api
      .as(USERS.compliance)
      .get(`${path('self-assign')}/audit`);
    const applied = audit.body.items.find(
      (e: any) => e.action === 'integration.updated',
    );
    expect(applied.payload).toMatchObject({
      before: { roles: { businessOwner: ROLE_HOLDERS.businessOwner } },
      after: { roles: { businessOwner: USERS.support } },
    });
  });

  it('clearing the PHI flag waits for approval; PHI evidence stays with participants meanwhile', async () => {
    await create('phi-flag', { phi: true });
    const ev = await api
      .as(USERS.requester)
      .post(`${path('phi-flag')}/evidence`, {
        kind: 'other',
        title: 'sample.hl7',
        mediaType: 'text/plain',
        contentBase64: base64('PID|1||MRN123'),
      });
    expect(ev.status).toBe(201);
    const content = `${path('phi-flag')}/evidence/${ev.body.id}/content`;
    expect((await api.as(USERS.outsider).get(content)).status).toBe(403);
    const lowered = await api
      .as(USERS.technical)
      .patch(path('phi-flag'), { profile: { phi: false } });
    expect(lowered.status).toBe(202);
    expect(lowered.body.record.profile.phi).toBe(true);
    const outsider = await api.as(USERS.outsider).get(content);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toMatch(/rule: phi-floor/);
    expect((await api.as(USERS.technical).get(content)).status).toBe(200);
  });

  it('the audit trail of a PHI record is for participants and auditors, even under allow-all', async () => {
    await create('phi-audit', { phi: true });
    for (const route of ['audit', 'audit/export', 'audit/fhir']) {
      const res = await api
        .as(USERS.outsider)
        .get(`${path('phi-audit')}/${route}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/rule: phi-floor/);
    }
    expect(
      (await api.as(USERS.requester).get(`${path('phi-audit')}/audit`)).status,
    ).toBe(200);
    // compliance-office is configured as an auditor group.
    expect(
      (await api.as(USERS.compliance).get(`${path('phi-audit')}/audit/export`))
        .status,
    ).toBe(200);
    await create('no-phi-audit');
    expect(
      (await api.as(USERS.outsider).get(`${path('no-phi-audit')}/audit`))
        .status,
    ).toBe(200);
  });

  it('a service token may ingest and read, never edit or decide', async () => {
    await create('service-confined', { phi: true });
    const before = await auditSeq('service-confined');
    const attempts: Array<['post' | 'put' | 'patch', string, unknown]> = [
      ['patch', path('service-confined'), { title: 'Renamed by a robot' }],
      [
        'post',
        `${path('service-confined')}/evidence`,
        { kind: 'other', title: 't', url: 'https://example.org/x' },
      ],
      [
        'put',
        `${path('service-confined')}/tests/happy-path`,
        { result: 'failed' },
      ],
      ['post', `${path('service-confined')}/stage`, { to: 'retired' }],
      [
        'post',
        `${path('service-confined')}/gates/intake/waiver`,
        { justification: 'x'.repeat(30), expiresAt: '2030-01-01T00:00:00Z' },
      ],
      [
        'post',
        `${path('service-confined')}/gates/intake/decisions`,
        { decision: 'approve', comment: 'ok' },
      ],
      [
        'post',
        `${path(
          'service-confined',
        )}/exceptions/00000000-0000-4000-8000-000000000000/acknowledge`,
        {},
      ],
    ];
    for (const [method, url, body] of attempts) {
      const res = await api.raw('service', method, url, body);
      expect([res.status, url]).toEqual([403, url]);
      expect(res.body.error.message).toMatch(/rule: principal-kind/);
    }
    for (const url of [
      `${path('service-confined')}/audit`,
      `${path('service-confined')}/audit/export`,
    ]) {
      const res = await api
        .anonymous()
        .get(`/api/healthcare-integration${url}`)
        .set('Authorization', 'Bearer mock-service-token');
      expect(res.status).toBe(403);
    }
    expect(await auditSeq('service-confined')).toBe(before);
    const ingest = await api.asService().post('/monitoring/events', {
      events: [
        {
          integrationRef: 'component:default/service-confined',
          category: 'technical',
          kind: 'failed-message',
          occurredAt: new Date().toISOString(),
          source: 'mirth',
          dedupKey: 'svc-1',
        },
      ],
    });
    expect(ingest.status).toBe(200);
    const asUser = await api
      .as(USERS.technical)
      .post('/monitoring/events', { events: [{}] });
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.message).toMatch(/rule: principal-kind/);
  });

  it('an edit that changes nothing changes nothing; an empty body is a 400', async () => {
    await create('no-op');
    expect(
      (
        await api
          .as(USERS.business)
          .post(`${path('no-op')}/gates/intake/decisions`, {
            decision: 'approve',
            comment: 'ok',
          })
      ).status,
    ).toBe(200);
    const before = await auditSeq('no-op');
    for (const body of [
      { profile: {} },
      { title: 'Integration no-op' },
      { profile: { phi: false }, roles: { testOwner: ROLE_HOLDERS.testOwner } },
    ]) {
      const res = await api.as(USERS.requester).patch(path('no-op'), body);
      expect(res.status).toBe(200);
      expect(res.body.record.profileRevision).toBe(1);
      expect(res.body.gates.find((g: any) => g.id === 'intake').status).toBe(
        'approved',
      );
    }
    expect(await auditSeq('no-op')).toBe(before);
    const empty = await api.as(USERS.requester).patch(path('no-op'), {});
    expect(empty.status).toBe(400);
  });

  it('a change request edit with an empty body is a 400, not a 500', async () => {
    await create('cr-empty');
    const res = await api
      .as(USERS.requester)
      .patch(
        `${path(
          'cr-empty',
        )}/change-requests/00000000-0000-4000-8000-000000000000`,
        {},
      );
    expect(res.status).toBe(400);
  });

  describe('waivers', () => {
    it('go-live is never waived; a waiver needs an expiry within the policy maximum', async () => {
      await create('waive-go-live', {
        externalVendor: true,
        vendorName: 'Acme',
      });
      const before = await auditSeq('waive-go-live');
      const waive = (gate: string, body: object) =>
        api
          .as(USERS.compliance)
          .post(`${path('waive-go-live')}/gates/${gate}/waiver`, body);
      const justification =
        'Vendor contract signed on paper; scan follows next week.';
      const goLive = await waive('go-live', {
        justification,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(goLive.status).toBe(403);
      expect(goLive.body.error.message).toMatch(/rule: gate-not-waivable/);
      expect((await waive('vendor-risk', { justification })).status).toBe(400);
      const tooLong = await waive('vendor-risk', {
        justification,
        expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toMatch(/at most 90 days/);
      expect(await auditSeq('waive-go-live')).toBe(before);
    });

    it('a waiver the policy makes two-person waits for the co-approver', async () => {
      await create('waive-two', { externalVendor: true, vendorName: 'Acme' });
      const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const requested = await api
        .as(USERS.compliance)
        .post(`${path('waive-two')}/gates/vendor-risk/waiver`, {
          justification: 'Paper BAA signed; the scan follows within 30 days.',
          expiresAt,
        });
      expect(requested.status).toBe(200);
      const gate = requested.body.gates.find(
        (g: any) => g.id === 'vendor-risk',
      );
      expect(gate.status).toBe('pending');
      expect(gate.waiver).toMatchObject({
        by: USERS.compliance,
        pendingCoApproval: 'businessOwner',
      });
      const confirm = (who: string) =>
        api
          .as(who)
          .post(`${path('waive-two')}/gates/vendor-risk/waiver/confirm`, {
            comment: 'Risk accepted',
          });
      expect((await confirm(USERS.compliance)).body.error.message).toMatch(
        /rule: four-eyes/,
      );
      expect((await confirm(USERS.tester)).body.error.message).toMatch(
        /rule: co-approver-role-required/,
      );
      const done = await confirm(USERS.business);
      expect(done.status).toBe(200);
      expect(
        done.body.gates.find((g: any) => g.id === 'vendor-risk'),
      ).toMatchObject({
        status: 'waived',
        waiver: { coApprovedBy: USERS.business, expiresAt },
      });
      // The two-person waiver, as stored, is exactly what the chain's events replay to.
      const verify = await api
        .as(USERS.compliance)
        .get(`${path('waive-two')}/audit/verify`);
      expect(verify.body.binding).toMatchObject({ ok: true, differences: [] });
    });
  });
});

describe.each(databases.eachSupportedId())(
  'waiver expiry on %s',
  databaseId => {
    it('reopens a waived gate when its waiver expires, with an audit event', async () => {
      const knex = await databases.init(databaseId);
      let now = new Date('2026-12-01T12:00:00Z');
      const engine = await startTestEngine(knex, () => now);
      const ref = 'component:default/waiver-expiry';
      await engine.create(intake('waiver-expiry', { phi: true }), {
        ref: USERS.requester,
        isUser: true,
      });
      const waived = await engine.waive(
        ref,
        'compliance-review',
        {
          justification: 'Reviewed under the enterprise data agreement.',
          expiresAt: '2026-12-08T12:00:00Z',
        },
        { ref: USERS.compliance, isUser: true },
      );
      expect(waived.gates.find(g => g.id === 'compliance-review')!.status).toBe(
        'waived',
      );
      expect(await engine.reopenExpiredWaivers()).toBe(0);
      now = new Date('2026-12-08T12:00:01Z');
      expect(await engine.reopenExpiredWaivers()).toBe(1);
      const status = await engine.getStatus(ref);
      const gate = status.gates.find(g => g.id === 'compliance-review')!;
      expect(gate.status).toBe('reopened');
      expect(gate.waiver).toBeUndefined();
      expect(gate.reopenReason).toBe('the waiver expired on 2026-12-08');
      const actions = (await engine.readAudit(ref)).map(e => e.action);
      expect(actions.slice(-3)).toEqual([
        'gate.waived',
        'gate.waiver-expired',
        'gate.reopened',
      ]);
      expect(await engine.reopenExpiredWaivers()).toBe(0);
      // The expired waiver is gone from the tables as it is from the replayed chain.
      const bound = compareWithChain(
        await engine.readAudit(ref),
        await readRecordSections(knex, status),
        'the database',
      );
      expect(bound.differences).toEqual([]);
    });
  },
);
