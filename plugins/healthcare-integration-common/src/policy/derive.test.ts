import { DEFAULT_POLICY } from './defaultPolicy';
import { deriveGates } from './derive';
import type { IntegrationProfile } from '../types';

const base: IntegrationProfile = {
  phi: false,
  externalVendor: false,
  patientFacing: false,
  dataClasses: ['operational'],
  messageTypes: [],
  sourceSystem: 'component:default/epic-ehr',
  destinationSystem: 'component:default/analytics-warehouse',
  patientPopulation: 'none',
  businessReason: 'Operational bed-count feed for the command centre',
  urgency: 'normal',
};
const ids = (p: IntegrationProfile) =>
  deriveGates(DEFAULT_POLICY, p).map(g => g.id);

describe('deriveGates with the default policy', () => {
  it('gives a non-PHI internal feed only the universal gates', () => {
    expect(ids(base)).toEqual([
      'intake',
      'mapping-review',
      'test-evidence',
      'monitoring-plan',
      'go-live',
    ]);
  });

  it('adds security and compliance review for PHI', () => {
    const got = ids({ ...base, phi: true });
    expect(got).toContain('security-review');
    expect(got).toContain('compliance-review');
    expect(got).not.toContain('vendor-risk');
    expect(got).not.toContain('patient-access-review');
  });

  it('adds security review and vendor risk (BAA) for an external vendor', () => {
    const got = ids({ ...base, externalVendor: true });
    expect(got).toEqual(
      expect.arrayContaining(['security-review', 'vendor-risk']),
    );
    expect(got).not.toContain('compliance-review');
    const vendor = DEFAULT_POLICY.gates.find(g => g.id === 'vendor-risk')!;
    expect(vendor.evidenceKinds).toContain('baa');
  });

  it('adds the patient-access review for patient-facing access', () => {
    expect(ids({ ...base, patientFacing: true })).toEqual(
      expect.arrayContaining(['security-review', 'patient-access-review']),
    );
  });

  it('never derives change-triggered gates at intake', () => {
    const got = ids({
      ...base,
      phi: true,
      externalVendor: true,
      patientFacing: true,
    });
    expect(got).not.toContain('change-control');
    expect(got).not.toContain('post-implementation-review');
    expect(
      deriveGates(DEFAULT_POLICY, base, 'change-request').map(g => g.id),
    ).toEqual(['change-control']);
  });
});
