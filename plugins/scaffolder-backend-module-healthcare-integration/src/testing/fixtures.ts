import type {
  Gate,
  GateStatus,
  GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';

export const INTAKE_INPUT = {
  name: 'ehr-lab-orders',
  title: 'Epic → Sunquest lab orders',
  profile: {
    phi: true,
    externalVendor: false,
    patientFacing: false,
    dataClasses: ['demographics', 'lab-results'] as Array<
      'demographics' | 'lab-results'
    >,
    messageTypes: ['ORM^O01'],
    sourceSystem: 'component:default/epic-ehr',
    destinationSystem: 'component:default/sunquest-lis',
    patientPopulation: 'All inpatients and ED patients',
    businessReason: 'Send lab orders electronically instead of by fax',
    urgency: 'normal' as const,
  },
  roles: {
    businessOwner: 'user:default/chris.nguyen',
    technicalOwner: 'user:default/dev.ops',
    processOwner: 'user:default/jordan.lee',
    securityReviewer: 'group:default/security-office',
    complianceReviewer: 'group:default/compliance-office',
    testOwner: 'user:default/alex.kim',
    supportOwner: 'group:default/it-support',
  },
};

export function gate(
  id: string,
  status: GateStatus,
  extra: Partial<Gate> = {},
): Gate {
  return {
    id,
    title: `${id} title`,
    description: '',
    stage: 'intake',
    status,
    approverRoles: ['businessOwner'],
    evidenceKinds: [],
    requires: [],
    slaDays: 5,
    openedAt: '2026-01-01T00:00:00.000Z',
    dueAt: '2026-01-06T00:00:00.000Z',
    requestedBy: 'user:default/priya.patel',
    decisions: [],
    blockers: [],
    ...extra,
  };
}

export function statusOf(
  entityRef: string,
  gates: Gate[],
  extra: Partial<GovernanceStatus> = {},
): GovernanceStatus {
  return {
    record: {
      entityRef,
      title: 'Epic → Sunquest lab orders',
      stage: 'intake',
      profile: INTAKE_INPUT.profile,
      roles: INTAKE_INPUT.roles,
      requestedBy: 'user:default/mock',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      profileRevision: 1,
      policyHash: 'abc',
    },
    gates,
    evidence: [],
    tests: [],
    changeRequests: [],
    blockers: [],
    auditHead: { seq: 1, hash: 'h' },
    ...extra,
  };
}
