import type {
  ChangeClass,
  ChangeStatus,
  ChangeType,
  DataClass,
  EvidenceKind,
  GateStatus,
  IntegrationProfile,
  RecordChangeStatus,
  Role,
  Stage,
  TestResult,
  TestScenario,
} from './types';
import type { Health, MonitoringCategory, Severity } from './monitoring';
import type { MappingRowStatus } from './mapping';

/**
 * The one table of human names for the model's keys. The tab, the dialogs, notifications and
 * the scaffolder's output all read it, so a slug (`new-field`, `technicalOwner`) never reaches
 * a person and two screens never name one thing differently.
 */

export const ROLE_LABELS: Record<Role, string> = {
  businessOwner: 'Business owner',
  technicalOwner: 'Integration owner',
  processOwner: 'Clinical process owner',
  securityReviewer: 'Security reviewer',
  complianceReviewer: 'Compliance reviewer',
  testOwner: 'Test owner',
  supportOwner: 'Support owner',
};

/** Who acts on something: a role of the record, or the person who requested it. */
export type Party = Role | 'requester';

export const PARTY_LABELS: Record<Party, string> = {
  ...ROLE_LABELS,
  requester: 'Requester',
};

export const STAGE_LABELS: Record<Stage, string> = {
  intake: 'Intake',
  design: 'Design',
  build: 'Build',
  test: 'Test',
  ready: 'Ready',
  live: 'Live',
  change: 'Change',
  retired: 'Retired',
};

export const GATE_STATUS_LABELS: Record<GateStatus, string> = {
  pending: 'Pending',
  'in-review': 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  reopened: 'Reopened',
  waived: 'Waived',
  'not-required': 'Not required',
};

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  'mapping-spec': 'Mapping specification',
  'test-result': 'Test result',
  'security-review': 'Security review report',
  baa: 'Business associate agreement (BAA)',
  'vendor-risk-assessment': 'Vendor risk assessment',
  'patient-access-review': 'Patient access review record',
  'support-plan': 'Support plan',
  runbook: 'Runbook',
  'go-live-checklist': 'Go-live checklist',
  'monitoring-plan': 'Monitoring plan',
  other: 'Other',
};

export const TEST_SCENARIO_LABELS: Record<TestScenario, string> = {
  'happy-path': 'Happy path',
  'missing-data': 'Missing data',
  'duplicate-record': 'Duplicate record',
  'failed-message': 'Failed message',
  'access-denial': 'Access denial',
  downtime: 'Downtime',
  rollback: 'Rollback',
};

export const TEST_RESULT_LABELS: Record<TestResult, string> = {
  'not-run': 'Not run',
  passed: 'Passed',
  failed: 'Failed',
};

export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
  'new-field': 'New field',
  'vendor-endpoint': 'Vendor endpoint',
  'ehr-upgrade': 'EHR upgrade',
  'clinic-rollout': 'Clinic rollout',
  'access-change': 'Access change',
  'workflow-redesign': 'Workflow redesign',
};

export const CHANGE_CLASS_LABELS: Record<ChangeClass, string> = {
  standard: 'Standard (pre-authorised)',
  normal: 'Normal',
  emergency: 'Emergency',
};

export const CHANGE_STATUS_LABELS: Record<ChangeStatus, string> = {
  assess: 'Assess',
  authorise: 'Authorise',
  implement: 'Implement',
  review: 'Review',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const MONITORING_CATEGORY_LABELS: Record<MonitoringCategory, string> = {
  technical: 'Technical',
  clinical: 'Clinical',
  access: 'Access',
  policy: 'Policy',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  info: 'Info',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
};

export const HEALTH_LABELS: Record<Health, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

/** The integration's profile fields, as a record change or a reopen reason names them. */
export const PROFILE_FIELD_LABELS: Record<keyof IntegrationProfile, string> = {
  phi: 'Carries PHI',
  externalVendor: 'External vendor',
  patientFacing: 'Patient-facing',
  dataClasses: 'Data classes',
  messageTypes: 'Message types',
  sourceSystem: 'Source system',
  destinationSystem: 'Destination system',
  patientPopulation: 'Patient population',
  businessReason: 'Business reason',
  urgency: 'Urgency',
  targetLaunch: 'Target launch',
  vendorName: 'Vendor name',
  downstreamWorkflow: 'Downstream workflow',
};

export const RECORD_CHANGE_STATUS_LABELS: Record<RecordChangeStatus, string> = {
  pending: 'Awaiting approval',
  applied: 'Applied',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** Kinds of data an integration carries (the profile's data classes, a mapping row's PHI class). */
export const DATA_CLASS_LABELS: Record<DataClass, string> = {
  demographics: 'Demographics',
  clinical: 'Clinical',
  'lab-results': 'Lab results',
  imaging: 'Imaging',
  medications: 'Medications',
  scheduling: 'Scheduling',
  billing: 'Billing',
  claims: 'Claims',
  insurance: 'Insurance',
  'behavioral-health': 'Behavioral health',
  'substance-use': 'Substance use (42 CFR Part 2)',
  genetic: 'Genetic',
  'reproductive-health': 'Reproductive health',
  'de-identified': 'De-identified',
  operational: 'Operational',
};

export const MAPPING_ROW_STATUS_LABELS: Record<MappingRowStatus, string> = {
  unconfirmed: 'Not confirmed',
  confirmed: 'Confirmed',
  disputed: 'Disputed',
};

/** Audit-trail actions, as a sentence fragment ("Gate approved"). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'integration.created': 'Record created',
  'integration.updated': 'Record updated',
  'integration.stage': 'Stage moved',
  'stage.moved': 'Stage moved',
  'gate.added': 'Gate added',
  'gate.approve': 'Gate approved',
  'gate.reject': 'Gate rejected',
  'gate.request-changes': 'Changes requested',
  'gate.reopened': 'Gate reopened',
  'gate.status': 'Gate status changed',
  'gate.waive': 'Gate waived',
  'gate.waived': 'Gate waived',
  'gate.waiver-requested': 'Waiver requested',
  'gate.waiver-confirmed': 'Waiver confirmed',
  'gate.waiver-expired': 'Waiver expired',
  'evidence.uploaded': 'Evidence uploaded',
  'test.recorded': 'Test result recorded',
  'change.opened': 'Change request opened',
  'change.updated': 'Change request updated',
  'change.moved': 'Change request moved',
  'exception.opened': 'Exception opened',
  'exception.acknowledged': 'Exception acknowledged',
  'exception.resolved': 'Exception resolved',
  'exception.recovered': 'Exception recovered',
  'exception.refired': 'Exception fired again (no longer recovered)',
  'mapping.run': 'Mapping test run',
  'operatingModel.versioned': 'Operating model versioned',
};

/**
 * The human name of a key of one of the tables above; a key the table does not know (a
 * custom evidence kind or audit action from a module) is shown with its dashes as spaces,
 * capitalised, rather than as a slug.
 */
export function labelOf(
  table: Readonly<Record<string, string>>,
  key: string,
): string {
  const known = table[key];
  if (known) return known;
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLocaleLowerCase('en-US');
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
}

/**
 * A person or group as a stored sentence names them: the name part of their ref
 * (`user:default/jordan.lee` → `jordan.lee`). Screens show the catalog's display name instead;
 * text written into the record (reopen reasons, notices) cannot look the catalog up.
 */
export function nameOfRef(ref: string): string {
  const name = ref.slice(Math.max(ref.lastIndexOf('/'), ref.indexOf(':')) + 1);
  return name || ref;
}

/** The fields a record edit or an approved record change touches, in words. */
export function changedFieldsInWords(change: {
  title?: unknown;
  profile?: Readonly<Record<string, unknown>>;
  roles?: Readonly<Record<string, unknown>>;
}): string {
  const fields = [
    ...(change.title !== undefined ? ['Title'] : []),
    ...Object.keys(change.profile ?? {}).map(k =>
      labelOf(PROFILE_FIELD_LABELS, k),
    ),
    ...Object.keys(change.roles ?? {}).map(k => labelOf(ROLE_LABELS, k)),
  ];
  return fields.join(', ') || 'no fields';
}
