import { DEFAULT_POLICY } from '../policy/defaultPolicy';
import type { RoleHolders } from '../types';
import { changeMoveRefusal, openChangeRefusal } from './changeRequests';
import { gateBlockers, roundOutcome } from './gates';
import { stageBlockers, stageMoveRefusal } from './lifecycle';
import { diffRecordUpdate } from './recordChanges';
import {
  approverRolesOf,
  roleAssignmentRefusals,
  type HolderIdentity,
} from './roleAssignment';

describe('lifecycle', () => {
  const gates = [
    { title: 'Intake review', status: 'approved', stage: 'intake' },
    { title: 'Security review', status: 'pending', stage: 'design' },
    { title: 'Go-live approval', status: 'pending', stage: 'ready' },
  ];
  it.each([
    ['intake', 'design', undefined],
    ['design', 'build', 'stage-gates-closed'],
    ['design', 'live', 'stage-transition'],
    ['live', 'change', 'change-via-change-request'],
    ['design', 'retired', undefined],
    ['build', 'design', undefined],
  ] as const)('%s → %s: %s', (from, to, rule) => {
    expect(stageMoveRefusal(gates, from, to)?.rule).toBe(rule);
  });
  it('going live needs every gate closed, not only the stage’s own', () => {
    expect(stageBlockers(gates, 'ready', 'live')).toEqual([
      'gate "Security review" is pending',
      'gate "Go-live approval" is pending',
    ]);
  });
});

describe('gates', () => {
  const gate = {
    id: 'test-evidence',
    title: 'Test evidence',
    status: 'pending',
    requires: ['mapping-review'],
    evidenceKinds: ['test-result'],
    requiresTestMatrix: true,
  };
  const mapping = {
    ...gate,
    id: 'mapping-review',
    title: 'Mapping',
    requires: [],
    evidenceKinds: [],
    requiresTestMatrix: false,
  };
  const now = new Date('2026-12-01T00:00:00Z');
  it('names open prerequisites, missing or expired evidence and untested scenarios', () => {
    const blockers = gateBlockers(
      gate,
      [gate, mapping],
      [{ kind: 'test-result', expiresAt: '2026-11-30T00:00:00Z' }],
      [{ scenario: 'happy-path', result: 'passed', evidenceId: 'e1' }],
      now,
    );
    expect(blockers[0]).toBe('waiting for gate "Mapping" (pending)');
    expect(blockers[1]).toBe(
      'test-result evidence expired on 2026-11-30T00:00:00Z',
    );
    expect(blockers[2]).toMatch(
      /^test scenarios not passed with evidence: missing-data, /,
    );
    expect(blockers[2]).not.toContain('happy-path');
  });
  it('superseded evidence does not count', () => {
    const blockers = gateBlockers(
      { ...gate, requires: [], requiresTestMatrix: false },
      [],
      [{ kind: 'test-result', supersededBy: 'x' }],
      [],
      now,
    );
    expect(blockers).toEqual(['needs test-result evidence']);
  });
  it.each([
    [[], 'pending'],
    [[{ role: 'businessOwner', decision: 'approve' }], 'in-review'],
    [
      [
        { role: 'businessOwner', decision: 'approve' },
        { role: 'technicalOwner', decision: 'approve' },
      ],
      'approved',
    ],
    [
      [
        { role: 'businessOwner', decision: 'approve' },
        { role: 'technicalOwner', decision: 'reject' },
      ],
      'rejected',
    ],
  ])('round %j → %s', (decisions, status) => {
    expect(roundOutcome(['businessOwner', 'technicalOwner'], decisions)).toBe(
      status,
    );
  });
});

describe('change requests', () => {
  const typePolicy = { reopens: ['mapping-review'] };
  it.each([
    [{ stage: 'design', changeClass: 'normal' }, 'change-on-live-only'],
    [
      { stage: 'live', changeClass: 'normal', openChangeId: 'c0' },
      'one-open-change',
    ],
    [
      { stage: 'live', changeClass: 'standard' },
      'standard-change-preauthorised',
    ],
    [{ stage: 'live', changeClass: 'normal' }, undefined],
  ] as const)('open %j → %s', (input, rule) => {
    expect(
      openChangeRefusal({
        changeType: 'new-field',
        typePolicy,
        ...input,
      } as any)?.rule,
    ).toBe(rule);
  });

  const change = {
    id: 'c1',
    changeClass: 'normal' as const,
    status: 'authorise' as const,
    reopenedGates: ['mapping-review'],
  };
  it('a normal change is not implemented while a gate it reopened is open', () => {
    const out = changeMoveRefusal({
      change,
      to: 'implement',
      gates: [
        { id: 'change-control', status: 'approved' },
        { id: 'mapping-review', status: 'reopened' },
      ],
      changeControlGateId: 'change-control',
    });
    expect(out?.rule).toBe('reopened-gates-closed');
    expect(out?.message).toContain('mapping-review (reopened)');
  });
  it('nor before it is authorised, by the gate the policy names', () => {
    const out = changeMoveRefusal({
      change,
      to: 'implement',
      gates: [
        { id: 'cab', status: 'pending' },
        { id: 'mapping-review', status: 'approved' },
      ],
      changeControlGateId: 'cab',
    });
    expect(out?.rule).toBe('change-authorised-first');
  });
  it('moves once authorised and re-reviewed', () => {
    expect(
      changeMoveRefusal({
        change,
        to: 'implement',
        gates: [
          { id: 'change-control', status: 'approved' },
          { id: 'mapping-review', status: 'approved' },
        ],
        changeControlGateId: 'change-control',
      }),
    ).toBeUndefined();
  });
  it('refuses moves outside the flow', () => {
    expect(
      changeMoveRefusal({
        change,
        to: 'closed',
        gates: [],
        changeControlGateId: 'x',
      })?.rule,
    ).toBe('change-flow');
  });
});

describe('role assignment', () => {
  const holders: RoleHolders = {
    businessOwner: 'user:default/chris',
    technicalOwner: 'user:default/dev',
    processOwner: 'group:default/clinical',
    securityReviewer: 'group:default/security-office',
    complianceReviewer: 'group:default/compliance-office',
    testOwner: 'user:default/alex',
    supportOwner: 'group:default/it-support',
  };
  const identities: Record<string, HolderIdentity> = {
    'user:default/chris': {
      kind: 'user',
      refs: ['user:default/chris', 'group:default/revenue'],
    },
    'user:default/dev': {
      kind: 'user',
      refs: ['user:default/dev', 'group:default/eng'],
    },
    'group:default/clinical': {
      kind: 'group',
      refs: ['group:default/clinical'],
    },
    'group:default/security-office': {
      kind: 'group',
      refs: ['group:default/security-office', 'group:default/it'],
    },
    'group:default/compliance-office': {
      kind: 'group',
      refs: ['group:default/compliance-office'],
    },
    'user:default/alex': {
      kind: 'user',
      refs: ['user:default/alex', 'group:default/qa'],
    },
    'group:default/it-support': {
      kind: 'group',
      refs: ['group:default/it-support'],
    },
    'user:default/sam': {
      kind: 'user',
      refs: ['user:default/sam', 'group:default/security-office'],
    },
    'group:default/eng': { kind: 'group', refs: ['group:default/eng'] },
    'group:default/eng2': { kind: 'group', refs: ['group:default/eng2'] },
  };
  const check = (
    h: Partial<RoleHolders>,
    requester = ['user:default/priya', 'group:default/eng2'],
  ) =>
    roleAssignmentRefusals({
      holders: { ...holders, ...h },
      identities,
      requesterIdentity: requester,
      policy: DEFAULT_POLICY,
    }).map(r => r.rule);

  it('accepts an independent assignment', () => {
    expect(check({})).toEqual([]);
  });
  it('refuses a holder the catalog does not know', () => {
    expect(check({ testOwner: 'user:default/ghost' })).toEqual([
      'holder-in-catalog',
    ]);
  });
  it('refuses an ineligible security reviewer, and admits a member of the office', () => {
    expect(check({ securityReviewer: 'user:default/dev' })).toContain(
      'role-eligibility',
    );
    expect(check({ securityReviewer: 'user:default/sam' })).toEqual([]);
  });
  it('refuses one person holding roles a separation rule keeps apart', () => {
    expect(check({ testOwner: 'user:default/dev' })).toEqual([
      'separation:independent-testing',
    ]);
  });
  it('lets one person own the integration both ways: no rule keeps business and technical owner apart', () => {
    expect(check({ businessOwner: 'user:default/dev' })).toEqual([]);
  });
  it('keeps the security reviewer apart from either owner', () => {
    expect(
      check({
        securityReviewer: 'user:default/sam',
        businessOwner: 'user:default/sam',
      }),
    ).toEqual(['separation:independent-security-review']);
  });
  it('counts a user inside a group holding the other role as the same person', () => {
    expect(
      check({
        technicalOwner: 'group:default/eng',
        testOwner: 'user:default/dev',
      }),
    ).toEqual(['separation:independent-testing']);
  });
  it('refuses the requester holding an approver role, directly or through a group', () => {
    expect(check({}, ['user:default/chris'])).toEqual([
      'requester-holds-no-approver-role',
    ]);
    expect(check({ processOwner: 'group:default/eng2' })).toEqual([
      'requester-holds-no-approver-role',
    ]);
  });
  it('approver roles include waiver, co-approver and record-change roles', () => {
    const gate = {
      ...DEFAULT_POLICY.gates[0],
      approverRoles: ['testOwner' as const],
      waiverCoApproverRole: 'businessOwner' as const,
    };
    expect(approverRolesOf({ ...DEFAULT_POLICY, gates: [gate] })).toEqual([
      'businessOwner',
      'complianceReviewer',
      'testOwner',
    ]);
  });
});

describe('diffRecordUpdate', () => {
  const current = {
    title: 'Feed',
    profile: {
      phi: true,
      externalVendor: false,
      patientFacing: false,
      dataClasses: ['clinical' as const],
      messageTypes: [],
      sourceSystem: 'component:default/a',
      destinationSystem: 'component:default/b',
      patientPopulation: 'All',
      businessReason: 'Because it matters',
      urgency: 'normal' as const,
    },
    roles: { businessOwner: 'user:default/chris' } as RoleHolders,
  };
  it('an edit that repeats the current values changes nothing', () => {
    const d = diffRecordUpdate(current, {
      title: 'Feed',
      profile: { phi: true, dataClasses: ['clinical'] },
      roles: {},
    });
    expect(d.changesNothing).toBe(true);
    expect(d.needsApproval).toBe(false);
  });
  it('lowering PHI or changing a holder needs approval; descriptive fields do not', () => {
    expect(
      diffRecordUpdate(current, { profile: { phi: false } }).needsApproval,
    ).toBe(true);
    expect(
      diffRecordUpdate(current, {
        roles: { businessOwner: 'user:default/dev' },
      }).needsApproval,
    ).toBe(true);
    const d = diffRecordUpdate(current, {
      profile: { patientPopulation: 'Outpatients' },
    });
    expect(d.needsApproval).toBe(false);
    expect(d.profile.after).toEqual({ patientPopulation: 'Outpatients' });
    expect(d.profile.before).toEqual({ patientPopulation: 'All' });
  });
});
