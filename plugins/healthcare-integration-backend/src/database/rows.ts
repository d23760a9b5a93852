import type {
  AuditEvent,
  ChangeNotification,
  ChangeRequest,
  Evidence,
  GateApproval,
  GateStatus,
  IntegrationRecord,
  RecordChange,
  TestCase,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/** Row shapes of the tables in migrations/, and their mapping to domain types. */

export interface IntegrationRow {
  entity_ref: string;
  namespace: string;
  name: string;
  title: string;
  stage: string;
  profile: string;
  roles: string;
  phi: boolean | number;
  requested_by: string;
  profile_revision: number;
  policy_hash: string;
  gates_required: number;
  gates_closed: number;
  earliest_due_at: string | null;
  audit_seq: number;
  audit_head: string;
  created_at: string;
  updated_at: string;
}

export interface GateRow {
  entity_ref: string;
  gate_id: string;
  title: string;
  description: string;
  stage: string;
  status: GateStatus;
  approver_roles: string;
  evidence_kinds: string;
  requires: string;
  requires_test_matrix: boolean | number;
  sla_days: number;
  round: number;
  opened_at: string;
  due_at: string;
  requested_by: string;
  reopen_reason: string | null;
  waiver: string | null;
  waiver_expires_at?: string | null;
}

export interface DecisionRow {
  id?: number;
  entity_ref: string;
  gate_id: string;
  round: number;
  role: string;
  decision: string;
  comment: string;
  decided_by: string;
  decided_at: string;
  profile_revision: number;
  evidence_digest: string;
  stale: boolean | number;
}

export interface EvidenceRow {
  id: string;
  entity_ref: string;
  kind: string;
  title: string;
  sha256: string;
  size_bytes: number;
  media_type: string;
  url: string | null;
  content?: Buffer | null;
  uploaded_by: string;
  uploaded_at: string;
  expires_at: string | null;
  supersedes: string | null;
  superseded_by: string | null;
}

export interface TestRow {
  entity_ref: string;
  scenario: string;
  result: string;
  owner: string;
  evidence_id: string | null;
  notes: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
}

export interface ChangeRequestRow {
  id: string;
  entity_ref: string;
  type: string;
  change_class: string;
  status: string;
  summary: string;
  impact_assessment: string;
  notify: string;
  reopened_gates: string;
  requested_by: string;
  requested_at: string;
  authorised_by: string | null;
  authorised_at: string | null;
  locked: boolean | number;
  closed_at: string | null;
}

export interface RecordChangeRow {
  id: string;
  entity_ref: string;
  status: string;
  proposed_by: string;
  proposed_at: string;
  before: string;
  after: string;
  approver_roles: string;
  closed_at: string | null;
}

export interface RecordChangeDecisionRow {
  id?: number;
  change_id: string;
  role: string;
  decision: string;
  comment: string;
  decided_by: string;
  decided_at: string;
}

export interface AuditRow {
  id?: number;
  entity_ref: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

const opt = <T>(v: T | null | undefined): T | undefined =>
  v === null ? undefined : v;

export function toRecord(row: IntegrationRow): IntegrationRecord {
  return {
    entityRef: row.entity_ref,
    title: row.title,
    stage: row.stage as IntegrationRecord['stage'],
    profile: JSON.parse(row.profile),
    roles: JSON.parse(row.roles),
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    profileRevision: Number(row.profile_revision),
    policyHash: row.policy_hash,
  };
}

export function toDecision(row: DecisionRow): GateApproval {
  return {
    role: row.role as GateApproval['role'],
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decision: row.decision as GateApproval['decision'],
    comment: row.comment,
    profileRevision: Number(row.profile_revision),
    evidenceDigest: row.evidence_digest,
    stale: Boolean(row.stale),
  };
}

export function toEvidence(row: EvidenceRow, now: Date): Evidence {
  return {
    id: row.id,
    kind: row.kind as Evidence['kind'],
    title: row.title,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    mediaType: row.media_type,
    url: opt(row.url),
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
    expiresAt: opt(row.expires_at),
    expired: isExpired(row, now),
    supersedes: opt(row.supersedes),
    supersededBy: opt(row.superseded_by),
  };
}

export function isExpired(row: Pick<EvidenceRow, 'expires_at'>, now: Date) {
  return !!row.expires_at && Date.parse(row.expires_at) <= now.getTime();
}

export function toTest(row: TestRow): TestCase {
  return {
    scenario: row.scenario as TestCase['scenario'],
    result: row.result as TestCase['result'],
    owner: row.owner,
    evidenceId: opt(row.evidence_id),
    notes: opt(row.notes),
    recordedBy: opt(row.recorded_by),
    recordedAt: opt(row.recorded_at),
  };
}

export function toChangeRequest(row: ChangeRequestRow): ChangeRequest {
  return {
    id: row.id,
    type: row.type as ChangeRequest['type'],
    changeClass: row.change_class as ChangeRequest['changeClass'],
    status: row.status as ChangeRequest['status'],
    summary: row.summary,
    impactAssessment: row.impact_assessment,
    notify: JSON.parse(row.notify),
    reopenedGates: JSON.parse(row.reopened_gates),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    authorisedBy: opt(row.authorised_by),
    authorisedAt: opt(row.authorised_at),
    locked: Boolean(row.locked),
    closedAt: opt(row.closed_at),
    // Filled in by the status reader from hip_change_notifications.
    notifications: [],
  };
}

export function toRecordChange(
  row: RecordChangeRow,
  decisions: RecordChangeDecisionRow[],
): RecordChange {
  return {
    id: row.id,
    status: row.status as RecordChange['status'],
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    before: JSON.parse(row.before),
    after: JSON.parse(row.after),
    approverRoles: JSON.parse(row.approver_roles),
    decisions: decisions
      .filter(d => d.change_id === row.id)
      .map(d => ({
        role: d.role as RecordChange['approverRoles'][number],
        decision: d.decision as 'approve' | 'reject',
        comment: d.comment,
        decidedBy: d.decided_by,
        decidedAt: d.decided_at,
      })),
    closedAt: opt(row.closed_at),
  };
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    integrationRef: row.entity_ref,
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    payload: JSON.parse(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A notice sent about a change request (hip_change_notifications). */
export interface ChangeNotificationRow {
  id?: number;
  entity_ref: string;
  change_id: string;
  event: string;
  topic: string;
  recipients: string;
  sent_at: string;
  outcome: string;
}

export function toChangeNotification(
  row: ChangeNotificationRow,
): ChangeNotification {
  return {
    event: row.event as ChangeNotification['event'],
    topic: row.topic,
    recipients: JSON.parse(row.recipients),
    sentAt: row.sent_at,
    outcome: row.outcome as ChangeNotification['outcome'],
  };
}
