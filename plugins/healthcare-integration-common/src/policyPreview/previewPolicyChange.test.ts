import { DEFAULT_POLICY } from '../policy';
import type { GovernancePolicy } from '../policy';
import type { IntegrationProfile } from '../types';
import { diffPolicyGates, previewRecord } from './previewPolicyChange';

const profile: IntegrationProfile = {
  phi: false,
  externalVendor: false,
  patientFacing: false,
  dataClasses: ['operational'],
  messageTypes: ['ADT^A01'],
  sourceSystem: 'a',
  destinationSystem: 'b',
  patientPopulation: 'all',
  businessReason: 'x',
  urgency: 'normal',
};

const intakeGate = {
  id: 'intake',
  title: 'Intake review',
  status: 'approved',
  stage: 'intake',
  approverRoles: ['businessOwner'],
  evidenceKinds: [],
  requires: [],
  requiresTestMatrix: false,
  slaDays: 3,
  approvals: [{ role: 'businessOwner', decidedBy: 'user:default/chris' }],
};

const withIntake = (edit: Partial<GovernancePolicy['gates'][number]>) => ({
  ...DEFAULT_POLICY,
  gates: DEFAULT_POLICY.gates.map(g =>
    g.id === 'intake' ? { ...g, ...edit } : g,
  ),
});

const record = {
  entityRef: 'component:default/x',
  title: 'X',
  stage: 'design',
  profile,
  gates: [intakeGate],
};

describe('previewRecord', () => {
  it('an approval goes stale when the gate asks for new evidence, and the gate reopens', () => {
    const p = previewRecord(
      DEFAULT_POLICY,
      withIntake({ evidenceKinds: ['runbook'] }),
      record,
    );
    expect(p.changed).toEqual([
      {
        gateId: 'intake',
        title: 'Intake review',
        fields: ['evidenceKinds'],
        reopens: true,
      },
    ]);
    expect(p.approvals[0]).toMatchObject({
      outcome: 'goes-stale',
      reason: 'the evidence the gate requires changes',
    });
  });

  it('a longer SLA changes the gate but keeps its approval and does not reopen it', () => {
    const p = previewRecord(DEFAULT_POLICY, withIntake({ slaDays: 5 }), record);
    expect(p.changed).toEqual([
      {
        gateId: 'intake',
        title: 'Intake review',
        fields: ['slaDays'],
        reopens: false,
      },
    ]);
    expect(p.approvals[0].outcome).toBe('stays-valid');
  });

  it('a gate the candidate drops from the policy is removed with its approvals', () => {
    const candidate = {
      ...DEFAULT_POLICY,
      gates: DEFAULT_POLICY.gates.filter(g => g.id !== 'intake'),
    };
    const p = previewRecord(DEFAULT_POLICY, candidate, record);
    expect(p.removed).toEqual([
      { gateId: 'intake', title: 'Intake review', status: 'approved' },
    ]);
    expect(p.approvals[0].outcome).toBe('goes-stale');
  });

  it('leaves a retired integration alone', () => {
    const p = previewRecord(DEFAULT_POLICY, withIntake({ slaDays: 5 }), {
      ...record,
      stage: 'retired',
    });
    expect(p.changed).toEqual([]);
    expect(p.approvals).toEqual([]);
  });
});

describe('previewRecord with gates held as not required', () => {
  const notRequired = {
    ...intakeGate,
    id: 'compliance-review',
    title: 'Compliance review',
    status: 'not-required',
    stage: 'design',
    approverRoles: ['complianceReviewer'],
    approvals: [],
  };
  const phiRecord = {
    ...record,
    profile: { ...profile, phi: true },
    gates: [intakeGate, notRequired],
  };

  it('counts a not-required gate the candidate needs again as added', () => {
    const p = previewRecord(DEFAULT_POLICY, DEFAULT_POLICY, phiRecord);
    expect(p.added.map(a => a.gateId)).toContain('compliance-review');
    expect(p.removed).toEqual([]);
  });

  it('reports nothing for a not-required gate the candidate still does not need', () => {
    const p = previewRecord(DEFAULT_POLICY, DEFAULT_POLICY, {
      ...record,
      gates: [intakeGate, notRequired],
    });
    expect(p.added.map(a => a.gateId)).not.toContain('compliance-review');
    expect(p.removed).toEqual([]);
    expect(p.changed).toEqual([]);
  });
});

describe('diffPolicyGates', () => {
  it('sees a gate written with its keys in another order as unchanged', () => {
    const reordered = {
      ...DEFAULT_POLICY,
      gates: DEFAULT_POLICY.gates.map(g =>
        Object.fromEntries(Object.entries(g).reverse()),
      ) as GovernancePolicy['gates'],
    };
    expect(diffPolicyGates(DEFAULT_POLICY, reordered)).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
    expect(
      diffPolicyGates(DEFAULT_POLICY, withIntake({ slaDays: 9 })).changed,
    ).toEqual(['intake']);
  });
});
