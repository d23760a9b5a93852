import {
  gateDecision,
  recordChangeDecision,
  waiverConfirmationRefusal,
  waiverRefusal,
} from './segregation';

const gate = {
  id: 'security-review',
  status: 'pending',
  approverRoles: ['securityReviewer'] as const,
  requestedBy: 'user:default/priya',
};
const reviewer = {
  ref: 'user:default/sam',
  isUser: true,
  roles: ['securityReviewer'] as const,
};

describe('gateDecision', () => {
  const base = {
    gate,
    recordRequester: 'user:default/priya',
    roundDecisions: [],
    actor: reviewer,
  };
  it.each([
    [
      'a service principal',
      { actor: { ...reviewer, isUser: false } },
      'people-decide',
    ],
    ['a closed gate', { gate: { ...gate, status: 'approved' } }, 'gate-open'],
    ['a waived gate', { gate: { ...gate, status: 'waived' } }, 'gate-open'],
    [
      'a rejected gate',
      { gate: { ...gate, status: 'rejected' } },
      'rejection-stands',
    ],
    [
      'the record requester',
      { recordRequester: reviewer.ref },
      'requester-cannot-decide',
    ],
    [
      'the gate requester',
      { gate: { ...gate, requestedBy: reviewer.ref } },
      'requester-cannot-decide',
    ],
    [
      'someone without the role',
      { actor: { ...reviewer, roles: ['testOwner'] } },
      'approver-role-required',
    ],
    [
      'a second decision by one person',
      { roundDecisions: [{ role: 'businessOwner', decidedBy: reviewer.ref }] },
      'one-decision-per-person',
    ],
    [
      'a role already decided',
      {
        roundDecisions: [
          { role: 'securityReviewer', decidedBy: 'user:default/other' },
        ],
      },
      'one-decision-per-role',
    ],
  ])('refuses %s', (_what, override, rule) => {
    const out = gateDecision({ ...base, ...(override as any) });
    expect('refusal' in out && out.refusal.rule).toBe(rule);
  });

  it('lets a holder of the approver role decide, as that role', () => {
    expect(gateDecision(base)).toEqual({ role: 'securityReviewer' });
  });

  it('picks the role not yet decided when the actor holds two', () => {
    const out = gateDecision({
      ...base,
      gate: { ...gate, approverRoles: ['businessOwner', 'technicalOwner'] },
      actor: { ...reviewer, roles: ['businessOwner', 'technicalOwner'] },
      roundDecisions: [
        { role: 'businessOwner', decidedBy: 'user:default/chris' },
      ],
    });
    expect(out).toEqual({ role: 'technicalOwner' });
  });

  it('names the holders in the refusal', () => {
    const out = gateDecision({
      ...base,
      actor: { ...reviewer, roles: [] },
      holders: { securityReviewer: 'group:default/security-office' },
    });
    expect('refusal' in out && out.refusal.message).toContain(
      'securityReviewer (group:default/security-office)',
    );
  });
});

describe('waiverRefusal', () => {
  const compliance = {
    ref: 'user:default/maria',
    isUser: true,
    roles: ['complianceReviewer'] as const,
  };
  const base = {
    gate: {
      id: 'vendor-risk',
      status: 'pending',
      requestedBy: 'user:default/priya',
    },
    recordRequester: 'user:default/priya',
    waiverRole: 'complianceReviewer' as const,
    actor: compliance,
  };
  it.each([
    [
      'a gate the policy marks not waivable',
      { gate: { ...base.gate, waivable: false } },
      'gate-not-waivable',
    ],
    [
      'someone without the waiver role',
      { actor: { ...compliance, roles: ['businessOwner'] } },
      'waiver-role-required',
    ],
    [
      'the requester',
      { recordRequester: compliance.ref },
      'requester-cannot-decide',
    ],
    [
      'a closed gate',
      { gate: { ...base.gate, status: 'approved' } },
      'gate-open',
    ],
    [
      'a rejected gate',
      { gate: { ...base.gate, status: 'rejected' } },
      'rejection-stands',
    ],
    [
      'a second waiver while one awaits confirmation',
      {
        gate: { ...base.gate, waiver: { pendingCoApproval: 'businessOwner' } },
      },
      'waiver-pending',
    ],
    [
      'a service principal',
      { actor: { ...compliance, isUser: false } },
      'people-decide',
    ],
  ])('refuses %s', (_what, override, rule) => {
    expect(waiverRefusal({ ...base, ...(override as any) })?.rule).toBe(rule);
  });
  it('allows the waiver role on an open gate', () => {
    expect(waiverRefusal(base)).toBeUndefined();
  });
});

describe('waiverConfirmationRefusal', () => {
  const waiver = {
    by: 'user:default/maria',
    pendingCoApproval: 'businessOwner' as const,
  };
  const business = {
    ref: 'user:default/chris',
    isUser: true,
    roles: ['businessOwner'] as const,
  };
  const base = {
    gate: { id: 'vendor-risk', waiver },
    recordRequester: 'user:default/priya',
    actor: business,
  };
  it.each([
    [
      'no pending waiver',
      { gate: { id: 'vendor-risk', waiver: null } },
      'waiver-pending',
    ],
    [
      'the person who requested the waiver',
      { actor: { ...business, ref: waiver.by } },
      'four-eyes',
    ],
    [
      'someone without the co-approver role',
      { actor: { ...business, roles: ['testOwner'] } },
      'co-approver-role-required',
    ],
    [
      'the requester',
      { recordRequester: business.ref },
      'requester-cannot-decide',
    ],
  ])('refuses %s', (_what, override, rule) => {
    expect(
      waiverConfirmationRefusal({ ...base, ...(override as any) })?.rule,
    ).toBe(rule);
  });
  it('allows the co-approver', () => {
    expect(waiverConfirmationRefusal(base)).toBeUndefined();
  });
});

describe('recordChangeDecision', () => {
  const compliance = {
    ref: 'user:default/maria',
    isUser: true,
    roles: ['complianceReviewer'] as const,
  };
  const change = {
    id: 'c1',
    status: 'pending',
    proposedBy: 'user:default/dev',
    approverRoles: ['complianceReviewer'] as const,
    decisions: [],
    newHolders: ['user:default/dev'],
  };
  const base = {
    change,
    recordRequester: 'user:default/priya',
    actor: compliance,
    actorIdentity: [compliance.ref, 'group:default/compliance-office'],
  };
  it.each([
    [
      'a decided change',
      { change: { ...change, status: 'applied' } },
      'record-change-pending',
    ],
    [
      'the proposer',
      { actor: { ...compliance, ref: change.proposedBy } },
      'proposer-cannot-approve',
    ],
    [
      'the requester',
      { recordRequester: compliance.ref },
      'requester-cannot-decide',
    ],
    [
      'a member of a group the change names',
      {
        change: { ...change, newHolders: ['group:default/compliance-office'] },
      },
      'beneficiary-cannot-approve',
    ],
    [
      'someone without the role',
      { actor: { ...compliance, roles: ['businessOwner'] } },
      'approver-role-required',
    ],
    [
      'a service principal',
      { actor: { ...compliance, isUser: false } },
      'people-decide',
    ],
  ])('refuses %s', (_what, override, rule) => {
    const out = recordChangeDecision({ ...base, ...(override as any) });
    expect('refusal' in out && out.refusal.rule).toBe(rule);
  });
  it('lets the named authority decide', () => {
    expect(recordChangeDecision(base)).toEqual({ role: 'complianceReviewer' });
  });
});
