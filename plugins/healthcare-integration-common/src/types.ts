/** Roles an integration record assigns. Each holder is a user or group entity ref. */
export const ROLES = [
  'businessOwner',
  'technicalOwner',
  'processOwner',
  'securityReviewer',
  'complianceReviewer',
  'testOwner',
  'supportOwner',
] as const;
export type Role = (typeof ROLES)[number];
export type RoleHolders = Record<Role, string>;

export const STAGES = [
  'intake',
  'design',
  'build',
  'test',
  'ready',
  'live',
  'change',
  'retired',
] as const;
export type Stage = (typeof STAGES)[number];

export const DATA_CLASSES = [
  'demographics',
  'clinical',
  'lab-results',
  'imaging',
  'medications',
  'scheduling',
  'billing',
  'claims',
  'insurance',
  'behavioral-health',
  'substance-use',
  'genetic',
  'reproductive-health',
  'de-identified',
  'operational',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The facts about an integration that the policy's `when` predicates look at. */
export interface IntegrationProfile {
  phi: boolean;
  externalVendor: boolean;
  patientFacing: boolean;
  dataClasses: DataClass[];
  messageTypes: string[];
  sourceSystem: string;
  destinationSystem: string;
  patientPopulation: string;
  businessReason: string;
  urgency: Urgency;
  targetLaunch?: string;
  vendorName?: string;
  downstreamWorkflow?: string;
}

export const GATE_STATUSES = [
  'pending',
  'in-review',
  'approved',
  'rejected',
  'reopened',
  'waived',
  'not-required',
] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

export const DECISIONS = ['approve', 'reject', 'request-changes'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface GateApproval {
  role: Role;
  decidedBy: string;
  decidedAt: string;
  decision: Decision;
  comment: string;
  /** What the decision saw: the profile revision and the digest of the covered evidence. */
  profileRevision: number;
  evidenceDigest: string;
  stale: boolean;
}

export interface Gate {
  id: string;
  title: string;
  description: string;
  stage: Stage;
  status: GateStatus;
  approverRoles: Role[];
  evidenceKinds: EvidenceKind[];
  requires: string[];
  slaDays: number;
  openedAt: string;
  dueAt: string;
  requestedBy: string;
  /** Decisions on the current round; stale ones are kept for history. */
  decisions: GateApproval[];
  waiver?: GateWaiver;
  /** Whether the policy lets the waiver role waive this gate. */
  waivable?: boolean;
  /** A waiver of this gate needs confirmation by a holder of this role. */
  waiverCoApproverRole?: Role;
  /** Whether the gate needs every test scenario passed with evidence. */
  requiresTestMatrix?: boolean;
  /** Why the gate was last reopened, if it was. */
  reopenReason?: string;
  /** Reasons the gate cannot be approved right now (missing evidence, prerequisites, failed tests). */
  blockers: string[];
}

/** A waiver: in force once `pendingCoApproval` is gone, until `expiresAt`. */
export interface GateWaiver {
  by: string;
  at: string;
  justification: string;
  expiresAt?: string;
  /** The role whose holder must still confirm the waiver; absent once in force. */
  pendingCoApproval?: Role;
  coApprovedBy?: string;
  coApprovedAt?: string;
}

export const EVIDENCE_KINDS = [
  'mapping-spec',
  'test-result',
  'security-review',
  'baa',
  'vendor-risk-assessment',
  'patient-access-review',
  'support-plan',
  'runbook',
  'go-live-checklist',
  'monitoring-plan',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  title: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  /** Set when the evidence is a link rather than a stored file. */
  url?: string;
  uploadedBy: string;
  uploadedAt: string;
  expiresAt?: string;
  expired: boolean;
  supersedes?: string;
  supersededBy?: string;
}

export const TEST_SCENARIOS = [
  'happy-path',
  'missing-data',
  'duplicate-record',
  'failed-message',
  'access-denial',
  'downtime',
  'rollback',
] as const;
export type TestScenario = (typeof TEST_SCENARIOS)[number];
export const TEST_RESULTS = ['not-run', 'passed', 'failed'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export interface TestCase {
  scenario: TestScenario;
  result: TestResult;
  owner: string;
  evidenceId?: string;
  notes?: string;
  recordedBy?: string;
  recordedAt?: string;
}

export const CHANGE_TYPES = [
  'new-field',
  'vendor-endpoint',
  'ehr-upgrade',
  'clinic-rollout',
  'access-change',
  'workflow-redesign',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const CHANGE_CLASSES = ['standard', 'normal', 'emergency'] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];
export const CHANGE_STATUSES = [
  'assess',
  'authorise',
  'implement',
  'review',
  'closed',
  'cancelled',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/**
 * Change-request status moves per class, as in IT change management. The engine enforces it;
 * the UI offers exactly these moves.
 */
/** Where a change request starts: standard is pre-authorised, emergency is authorised at once. */
export const INITIAL_CHANGE_STATUS: Record<ChangeClass, ChangeStatus> = {
  standard: 'implement',
  normal: 'assess',
  emergency: 'authorise',
};

export const CHANGE_FLOW: Record<
  ChangeClass,
  Partial<Record<ChangeStatus, ChangeStatus[]>>
> = {
  standard: { implement: ['closed'] },
  normal: {
    assess: ['authorise', 'cancelled'],
    authorise: ['implement', 'assess', 'cancelled'],
    implement: ['review'],
    review: ['closed'],
  },
  emergency: {
    authorise: ['implement', 'cancelled'],
    implement: ['review'],
    review: ['closed'],
  },
};

export interface ChangeRequest {
  id: string;
  type: ChangeType;
  changeClass: ChangeClass;
  status: ChangeStatus;
  summary: string;
  impactAssessment: string;
  notify: string[];
  reopenedGates: string[];
  requestedBy: string;
  requestedAt: string;
  authorisedBy?: string;
  authorisedAt?: string;
  /** Set once authorised: the fields above may no longer change. */
  locked: boolean;
  closedAt?: string;
  /** How the notify list and the owners were told of the change, oldest first. */
  notifications: ChangeNotification[];
}

/** One notice sent about a change request (also in the audit chain as `change.notified`). */
export interface ChangeNotification {
  event: 'opened' | 'authorised' | 'implemented' | 'closed' | 'cancelled';
  /** The notifications topic, which users may mute. */
  topic: string;
  /** User and group refs (a group reaches its members); whoever acted is not told. */
  recipients: string[];
  sentAt: string;
  /** `failed`: the notifications service refused or could not be reached. */
  outcome: 'sent' | 'failed';
}

export interface AuditEvent {
  integrationRef: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ChainVerification {
  integrationRef: string;
  ok: boolean;
  events: number;
  head: string;
  /** The first sequence number whose row was altered or is missing. */
  firstBrokenSeq?: number;
  reason?: string;
}

export interface IntegrationSummary {
  entityRef: string;
  title: string;
  stage: Stage;
  phi: boolean;
  externalVendor: boolean;
  patientFacing: boolean;
  requestedBy: string;
  gatesRequired: number;
  gatesClosed: number;
  overdueGates: number;
  /** The earliest due date of the record's open gates (the `dueAt` sort); absent when none is open. */
  nextDueAt?: string;
  /** healthy | degraded | down | unknown (see the monitoring docs). */
  health: 'healthy' | 'degraded' | 'down' | 'unknown';
  updatedAt: string;
  /**
   * The policy version the record's gates were derived under (GET /policy/versions); absent
   * for a record derived under a policy this backend never recorded.
   */
  policyVersion?: number;
  /** Who holds the record now; absent when nothing is left (e.g. live and quiet, retired). */
  waitingOn?: WaitingOn;
}

export interface IntegrationRecord {
  entityRef: string;
  title: string;
  stage: Stage;
  profile: IntegrationProfile;
  roles: RoleHolders;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Increments when profile or roles change; approvals are bound to it. */
  profileRevision: number;
  policyHash: string;
}

export const RECORD_CHANGE_STATUSES = [
  'pending',
  'applied',
  'rejected',
  'withdrawn',
] as const;
export type RecordChangeStatus = (typeof RECORD_CHANGE_STATUSES)[number];

/**
 * A proposed change to what governs a record (role holders, the risk profile). It takes effect
 * only when every role the policy names approves it; until then the approved values govern.
 */
export interface RecordChange {
  id: string;
  status: RecordChangeStatus;
  proposedBy: string;
  proposedAt: string;
  /** The fields as they were and as proposed (only the fields that change). */
  before: {
    title?: string;
    profile?: Partial<IntegrationProfile>;
    roles?: Partial<RoleHolders>;
  };
  after: {
    title?: string;
    profile?: Partial<IntegrationProfile>;
    roles?: Partial<RoleHolders>;
  };
  approverRoles: Role[];
  decisions: Array<{
    role: Role;
    decision: 'approve' | 'reject';
    comment: string;
    decidedBy: string;
    decidedAt: string;
  }>;
  closedAt?: string;
}

/** Who is looking at a record, as the backend resolved it (roles through groups included). */
export interface Viewer {
  ref: string;
  /** Roles the viewer holds on the record, directly or through a group. */
  roles: Role[];
  isRequester: boolean;
}

/** Everything the entity tab shows, in one response. */
export interface GovernanceStatus {
  record: IntegrationRecord;
  /** Proposed changes to roles or profile awaiting approval (newest first). */
  recordChanges?: RecordChange[];
  /** Set when a signed-in user asked: what the rules let this viewer do. */
  viewer?: Viewer;
  gates: Gate[];
  evidence: Evidence[];
  tests: TestCase[];
  changeRequests: ChangeRequest[];
  /** What stops the record from moving to the next stage. */
  nextStage?: Stage;
  blockers: string[];
  auditHead: { seq: number; hash: string };
}

export interface InboxItem {
  entityRef: string;
  title: string;
  gateId: string;
  gateTitle: string;
  /** The stage the gate belongs to. */
  stage: Stage;
  /** The stage the integration is in now (a design-stage record can list a test-stage gate). */
  integrationStage: Stage;
  status: GateStatus;
  roles: Role[];
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  /** Whether the gate could be approved now: nothing in `blockedBy`. */
  actionable: boolean;
  /**
   * What must happen first, in words for people: the titles of prerequisite gates, the
   * evidence still missing, "the test matrix", "the mapping review" (the rules of remainingWork).
   */
  blockedBy: string[];
  /**
   * Whether the caller may decide this gate now: the segregation-of-duties rules and the
   * permission framework (the decide permission on the record) both allow it.
   */
  canDecide: boolean;
}

/** Counts over the portfolio's filtered set (what the caller may see), for the summary strip. */
export interface PortfolioSummary {
  total: number;
  byStage: Record<Stage, number>;
  /** Records with a rejected gate: nothing moves until the requester answers it. */
  blocked: number;
  /** Records with an open gate past its due date. */
  overdue: number;
  degraded: number;
  down: number;
  /** Records that carry PHI and involve an external vendor. */
  phiVendor: number;
}

/** Who holds a record now: the party of its next remaining item (rules/remainingWork). */
export interface WaitingOn {
  party: Role | 'requester';
  /** The party's human name (labels.ts). */
  partyLabel: string;
  /** Entity refs of the holders (a user or group); the UI shows their display names. */
  holders: string[];
  /** What they are to do, in words. */
  text: string;
}

export interface PortfolioPage extends Page<IntegrationSummary> {
  summary: PortfolioSummary;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  nextCursor?: string;
}
