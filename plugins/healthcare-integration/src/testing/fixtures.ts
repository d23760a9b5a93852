import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_POLICY,
  ROLES,
  TEST_SCENARIOS,
  type Gate,
  type GovernanceStatus,
  type MappingReview,
  type MonitoringSummary,
  type PolicyVersionList,
  type RecordChange,
  type RoleHolders,
  type Viewer,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HealthcareIntegrationApi } from '../api';
import {
  operatingModelDiffView,
  operatingModelView,
} from './operatingModelFixtures';

/**
 * Test data shaped exactly like the backend's responses: `GET /integrations/:ns/:name` carries
 * `viewer` (for a signed-in user, roles resolved through groups); mutation responses do not
 * (use `mutationResponse`).
 */

export const REQUESTER = 'user:default/priya.patel';
export const SECURITY = 'user:default/sam.okafor';
export const COMPLIANCE = 'user:default/maria.gonzalez';
export const BUSINESS = 'user:default/chris.nguyen';
/** A member of the integration-engineering group (the technical owner). */
export const ENGINEER = 'user:default/dev.ramos';
/** Holds the test owner role directly. */
export const TESTER = 'user:default/alex.kim';
/** Signed in, holds no role on the record. */
export const BYSTANDER = 'user:default/taylor.brooks';
export const RECORD_REF = 'component:default/ehr-lab-orders';

export const ROLE_HOLDERS: RoleHolders = {
  businessOwner: BUSINESS,
  technicalOwner: 'group:default/integration-engineering',
  processOwner: 'user:default/jordan.lee',
  securityReviewer: 'group:default/security-office',
  complianceReviewer: 'group:default/compliance-office',
  testOwner: TESTER,
  supportOwner: 'group:default/it-support',
};

/** Group membership of the example organisation. */
const GROUPS: Record<string, string[]> = {
  [SECURITY]: ['group:default/security-office'],
  [COMPLIANCE]: ['group:default/compliance-office'],
  [ENGINEER]: ['group:default/integration-engineering'],
  [REQUESTER]: ['group:default/lab-operations'],
};

/** A user's ref and groups, as the identity API's `ownershipEntityRefs` gives them. */
export function identityRefs(userRef: string): string[] {
  return [userRef, ...(GROUPS[userRef] ?? [])];
}

/** The `viewer` the backend sends to this user: the roles they hold directly or through a group. */
export function viewerFor(
  userRef: string,
  holders: RoleHolders = ROLE_HOLDERS,
): Viewer {
  const refs = identityRefs(userRef);
  return {
    ref: userRef,
    roles: ROLES.filter(r => refs.includes(holders[r])),
    isRequester: userRef === REQUESTER,
  };
}

/** A mutation's response: the same status without `viewer` (only GET adds who is looking). */
export function mutationResponse(status: GovernanceStatus): GovernanceStatus {
  const { viewer: _viewer, ...rest } = status;
  return rest;
}

export const integrationEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ehr-lab-orders',
    namespace: 'default',
    title: 'Epic → Sunquest lab orders',
  },
  spec: {
    type: 'healthcare-integration',
    lifecycle: 'production',
    owner: 'group:default/integration-engineering',
  },
};

const DAY = 24 * 3600_000;
const iso = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY).toISOString();

export function gate(overrides: Partial<Gate> & { id: string }): Gate {
  return {
    title: overrides.id,
    description: '',
    stage: 'design',
    status: 'pending',
    approverRoles: ['securityReviewer'],
    evidenceKinds: [],
    requires: [],
    slaDays: 5,
    openedAt: iso(-1),
    dueAt: iso(4),
    requestedBy: REQUESTER,
    decisions: [],
    waivable: true,
    requiresTestMatrix: false,
    blockers: [],
    ...overrides,
  };
}

/** A proposed record change: the technical owner's engineer proposes an external vendor. */
export function recordChange(
  overrides: Partial<RecordChange> & { id: string },
): RecordChange {
  return {
    status: 'pending',
    proposedBy: ENGINEER,
    proposedAt: iso(-1),
    before: { profile: { externalVendor: false } },
    after: { profile: { externalVendor: true, vendorName: 'Sunquest Cloud' } },
    approverRoles: ['complianceReviewer'],
    decisions: [],
    ...overrides,
  };
}

/** The status as `GET` sends it, by default to the security reviewer. */
export function governanceStatus(
  overrides: Partial<GovernanceStatus> = {},
): GovernanceStatus {
  return {
    viewer: viewerFor(SECURITY),
    record: {
      entityRef: RECORD_REF,
      title: 'Epic → Sunquest lab orders',
      stage: 'design',
      profile: {
        phi: true,
        externalVendor: false,
        patientFacing: false,
        dataClasses: ['demographics', 'lab-results'],
        messageTypes: ['ORM^O01'],
        sourceSystem: 'component:default/epic-ehr',
        destinationSystem: 'component:default/sunquest-lis',
        patientPopulation: 'All inpatients',
        businessReason: 'Electronic lab orders',
        urgency: 'normal',
      },
      roles: { ...ROLE_HOLDERS },
      requestedBy: REQUESTER,
      createdAt: iso(-10),
      updatedAt: iso(-1),
      profileRevision: 2,
      policyHash: 'e'.repeat(64),
    },
    recordChanges: [],
    gates: [
      gate({
        id: 'intake',
        title: 'Intake review',
        stage: 'intake',
        status: 'approved',
        approverRoles: ['businessOwner'],
        waivable: false,
        decisions: [
          {
            role: 'businessOwner',
            decidedBy: BUSINESS,
            decidedAt: iso(-5),
            decision: 'approve',
            comment: 'Needed for the lab go-live',
            profileRevision: 2,
            evidenceDigest: 'd1',
            stale: false,
          },
        ],
      }),
      gate({
        id: 'security-review',
        title: 'Security review',
        status: 'pending',
        requires: ['intake'],
        slaDays: 10,
        dueAt: iso(-2),
        waiverCoApproverRole: 'businessOwner',
      }),
    ],
    evidence: [
      {
        id: '5b0d7c1e-0000-4000-8000-000000000001',
        kind: 'mapping-spec',
        title: 'ORM mapping v2',
        sha256: 'a'.repeat(64),
        sizeBytes: 2048,
        mediaType: 'application/pdf',
        uploadedBy: REQUESTER,
        uploadedAt: iso(-3),
        expired: false,
        supersedes: '5b0d7c1e-0000-4000-8000-000000000000',
      },
      {
        id: '5b0d7c1e-0000-4000-8000-000000000000',
        kind: 'mapping-spec',
        title: 'ORM mapping v1',
        sha256: 'b'.repeat(64),
        sizeBytes: 1024,
        mediaType: 'application/pdf',
        uploadedBy: REQUESTER,
        uploadedAt: iso(-6),
        expired: false,
        supersededBy: '5b0d7c1e-0000-4000-8000-000000000001',
      },
    ],
    tests: TEST_SCENARIOS.map(scenario => ({
      scenario,
      result: 'not-run' as const,
      owner: ROLE_HOLDERS.testOwner,
    })),
    changeRequests: [],
    nextStage: 'build',
    blockers: ['gate "Security review" is pending'],
    auditHead: { seq: 3, hash: 'c'.repeat(64) },
    ...overrides,
  };
}

export const monitoringSummary: MonitoringSummary = {
  health: 'degraded',
  reason: '1 open error exception',
  lastSignalAt: iso(0),
  exceptions: [
    {
      id: 'ex-1',
      integrationRef: RECORD_REF,
      category: 'technical',
      kind: 'failed-message',
      severity: 'error',
      status: 'open',
      count: 12,
      routedRole: 'technicalOwner',
      routedTo: 'group:default/integration-engineering',
      firstSeenAt: iso(-1),
      lastSeenAt: iso(0),
    },
  ],
  counts: {
    '24h': { technical: 12, clinical: 0, access: 0, policy: 0 },
    '7d': { technical: 30, clinical: 1, access: 0, policy: 0 },
  },
};

/**
 * An API mock with a jest.fn for each method the plugin uses; tests override what they need.
 * Cast rather than exhaustive, so methods added to the shared client later do not break it.
 */
/**
 * `GET /policy/versions` after one policy change: version 1 as first recorded (every shipped gate
 * added), version 2 redefining the compliance review, each linked to the one before.
 */
export const policyVersionList: PolicyVersionList = {
  running: { seq: 2, policyHash: 'b'.repeat(64) },
  versions: [
    {
      seq: 1,
      policyHash: 'a'.repeat(64),
      recordedAt: '2026-11-24T08:00:00.000Z',
      changes: {
        added: DEFAULT_POLICY.gates.map(g => g.id),
        removed: [],
        changed: [],
      },
      prevEntryHash: '0'.repeat(64),
      entryHash: '1'.repeat(64),
    },
    {
      seq: 2,
      policyHash: 'b'.repeat(64),
      recordedAt: '2026-11-30T08:00:00.000Z',
      changes: { added: [], removed: [], changed: ['compliance-review'] },
      prevEntryHash: '1'.repeat(64),
      entryHash: '2'.repeat(64),
    },
  ],
  chain: { verified: true, entries: 2 },
};

/**
 * A mapping review as `GET .../mapping` sends it: two rows, the order number confirmed by the
 * technical owner, the MRN row awaiting the process owner.
 */
export function mappingReview(
  overrides: Partial<MappingReview> = {},
): MappingReview {
  return {
    entityRef: RECORD_REF,
    version: 2,
    specHash: 'a'.repeat(64),
    createdBy: REQUESTER,
    createdAt: '2026-11-25T09:00:00Z',
    spec: {
      apiVersion: 'healthcare-integration/v1',
      kind: 'MappingSpec',
      source: { standard: 'hl7v2', version: '2.5.1', message: 'ORM^O01' },
      destination: {
        standard: 'fhir',
        version: 'R4',
        resource: 'ServiceRequest',
      },
      rows: [
        {
          id: 'patient-mrn',
          source: 'PID-3[1].1',
          destination: 'ServiceRequest.subject.identifier.value',
          transform: { type: 'copy' },
          required: true,
          phiClass: 'demographics',
          meaning: 'Medical record number',
          confirmBy: 'processOwner',
        },
        {
          id: 'order-number',
          source: 'ORC-2.1',
          destination: 'ServiceRequest.identifier.value',
          transform: { type: 'copy' },
          required: true,
          phiClass: 'operational',
          meaning: 'Epic order number',
          confirmBy: 'technicalOwner',
        },
      ],
    },
    validation: {
      valid: true,
      errors: [],
      warnings: [
        {
          row: 'patient-mrn',
          path: 'PID-3[1].1',
          message: 'check the assigning authority',
        },
      ],
    },
    rows: [
      {
        id: 'patient-mrn',
        rowHash: 'b'.repeat(64),
        status: 'unconfirmed',
        history: [],
      },
      {
        id: 'order-number',
        rowHash: 'c'.repeat(64),
        status: 'confirmed',
        confirmation: {
          status: 'confirmed',
          by: 'user:default/dev.ops',
          role: 'technicalOwner',
          at: '2026-11-25T09:30:00Z',
          rowHash: 'c'.repeat(64),
          stale: false,
        },
        history: [],
      },
    ],
    readyForApproval: false,
    ...overrides,
  };
}

export function mockApi(
  overrides: Partial<jest.Mocked<HealthcareIntegrationApi>> = {},
) {
  const api = {
    getPolicy: jest
      .fn()
      .mockResolvedValue({ policy: DEFAULT_POLICY, hash: 'e'.repeat(64) }),
    listIntegrations: jest.fn(),
    createIntegration: jest.fn(),
    getStatus: jest.fn().mockResolvedValue(governanceStatus()),
    updateIntegration: jest.fn(),
    decideGate: jest.fn(),
    waiveGate: jest.fn(),
    confirmWaiver: jest.fn(),
    decideRecordChange: jest.fn(),
    withdrawRecordChange: jest.fn(),
    uploadEvidence: jest.fn(),
    getEvidenceContent: jest.fn(),
    recordTest: jest.fn(),
    moveStage: jest.fn(),
    openChangeRequest: jest.fn(),
    moveChangeRequest: jest.fn(),
    getAuditTrail: jest.fn().mockResolvedValue({
      items: [1, 2, 3].map(seq => ({
        integrationRef: RECORD_REF,
        seq,
        at: iso(-seq),
        actor: REQUESTER,
        action: seq === 1 ? 'record.created' : 'evidence.uploaded',
        subject: RECORD_REF,
        payload: {},
        prevHash: String(seq - 1).repeat(64),
        hash: String(seq).repeat(64),
      })),
    }),
    verifyAuditTrail: jest.fn(),
    exportEvidencePack: jest.fn(),
    getAuditReport: jest.fn(),
    getMonitoring: jest.fn().mockResolvedValue(monitoringSummary),
    moveException: jest.fn(),
    ingestEvents: jest.fn(),
    // Only platform admins may list ingest problems: everyone else gets the backend's 403.
    listIngestProblems: jest
      .fn()
      .mockRejectedValue(
        Object.assign(new Error('Not allowed'), { name: 'NotAllowedError' }),
      ),
    getInbox: jest.fn(),
    listPolicyVersions: jest.fn().mockResolvedValue(policyVersionList),
    getOperatingModel: jest.fn().mockResolvedValue(operatingModelView()),
    // No mapping spec stored: the backend's 404.
    getMapping: jest.fn().mockRejectedValue(
      Object.assign(new Error('No mapping spec stored'), {
        name: 'NotFoundError',
        statusCode: 404,
      }),
    ),
    diffOperatingModel: jest
      .fn()
      .mockImplementation(async (_ref: string, from: number, to: number) =>
        operatingModelDiffView(from, to),
      ),
    ...overrides,
  };
  return api as jest.Mocked<HealthcareIntegrationApi>;
}
