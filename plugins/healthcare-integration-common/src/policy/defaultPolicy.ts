import type { GovernancePolicy } from './types';
import { DEFAULT_CATEGORY_ROUTES } from '../monitoring';

/**
 * The shipped policy. It encodes the controls a health system expects before an interface
 * carries production data; override it under `healthcareIntegration.policy` in app-config.
 */
export const DEFAULT_POLICY: GovernancePolicy = {
  waiverRole: 'complianceReviewer',
  waiverMaxDays: 90,
  // Reviews are independent: the security and compliance reviewers come from their offices.
  // Catalog refs of the example organisation; a hospital names its own groups here.
  roles: {
    securityReviewer: { eligible: ['group:default/security-office'] },
    complianceReviewer: { eligible: ['group:default/compliance-office'] },
  },
  separationOfDuties: {
    requesterHoldsNoApproverRole: true,
    rules: [
      {
        id: 'independent-security-review',
        description:
          'The security reviewer is not an owner of the integration they review.',
        role: 'securityReviewer',
        notWith: ['businessOwner', 'technicalOwner'],
      },
      {
        id: 'independent-compliance-review',
        description:
          'The compliance reviewer is not an owner of the integration they review.',
        role: 'complianceReviewer',
        notWith: ['businessOwner', 'technicalOwner'],
      },
      {
        id: 'independent-testing',
        description:
          'Whoever builds the interface does not sign off its tests.',
        role: 'testOwner',
        notWith: ['technicalOwner'],
      },
    ],
  },
  recordChanges: { approverRoles: ['complianceReviewer'] },
  specialGates: {
    mappingReview: 'mapping-review',
    changeControl: 'change-control',
    monitoringPlan: 'monitoring-plan',
  },
  monitoring: {
    routes: DEFAULT_CATEGORY_ROUTES,
    kindRoutes: [],
    silenceWindowHours: 24,
    notifyEveryMinutes: 60,
    // A technical alert that cleared is over once it stays quiet for 15 minutes; clinical,
    // access and policy exceptions wait for their owner to resolve them.
    autoResolveAfterMinutes: { technical: 15 },
    maxClockSkewMinutes: 5,
    maxEventAgeDays: 365,
    alertmanager: {
      categoryLabels: {},
      severityLabels: {
        critical: 'critical',
        page: 'critical',
        error: 'error',
        high: 'error',
        warning: 'warning',
        warn: 'warning',
        info: 'info',
        none: 'info',
      },
      heartbeatAlertnames: ['Watchdog', 'DeadMansSwitch'],
    },
  },
  gates: [
    {
      id: 'intake',
      title: 'Intake review',
      description:
        'The business owner confirms the business reason, systems, data, population and launch window.',
      stage: 'intake',
      approverRoles: ['businessOwner'],
      slaDays: 3,
      waivable: false,
    },
    {
      id: 'mapping-review',
      title: 'Data-mapping review',
      description:
        'Clinical and operational owners confirm each mapped element means the same thing in source and destination.',
      stage: 'design',
      approverRoles: ['processOwner'],
      evidenceKinds: ['mapping-spec'],
      requires: ['intake'],
      slaDays: 5,
    },
    {
      id: 'security-review',
      title: 'Security review',
      description:
        'Transport encryption, authentication, least-privilege access and logging for PHI, vendor or patient-facing flows.',
      stage: 'design',
      when: {
        anyOf: [
          { phi: true },
          { externalVendor: true },
          { patientFacing: true },
        ],
      },
      approverRoles: ['securityReviewer'],
      evidenceKinds: ['security-review'],
      requires: ['intake'],
      slaDays: 10,
      // Skipping a security review is a risk the business owner accepts with compliance.
      waiverCoApproverRole: 'businessOwner',
    },
    {
      id: 'compliance-review',
      title: 'Compliance review (HIPAA)',
      description:
        'Minimum-necessary use of PHI, permitted purpose, retention and audit controls (45 CFR 164.312(b)).',
      stage: 'design',
      when: { phi: true },
      approverRoles: ['complianceReviewer'],
      requires: ['intake'],
      slaDays: 10,
    },
    {
      id: 'vendor-risk',
      title: 'Vendor risk and BAA',
      description:
        'An external vendor handling PHI needs a signed business associate agreement and a risk assessment.',
      stage: 'design',
      when: { externalVendor: true },
      approverRoles: ['complianceReviewer'],
      evidenceKinds: ['baa', 'vendor-risk-assessment'],
      requires: ['intake'],
      slaDays: 15,
      waiverCoApproverRole: 'businessOwner',
    },
    {
      id: 'patient-access-review',
      title: 'Patient access / information-blocking review',
      description:
        'Patient-facing access honours the 21st Century Cures Act information-blocking rules and proxy access policy.',
      stage: 'design',
      when: { patientFacing: true },
      approverRoles: ['complianceReviewer'],
      evidenceKinds: ['patient-access-review'],
      requires: ['intake'],
      slaDays: 10,
    },
    {
      id: 'test-evidence',
      title: 'Test evidence',
      description:
        'Happy path, missing data, duplicates, failed messages, access denial, downtime and rollback all tested with evidence.',
      stage: 'test',
      approverRoles: ['testOwner'],
      evidenceKinds: ['test-result'],
      requiresTestMatrix: true,
      requires: ['mapping-review'],
      slaDays: 10,
    },
    {
      id: 'monitoring-plan',
      title: 'Monitoring and support plan',
      description:
        'Who watches the interface, which alerts route to whom, and the runbook for failed messages and downtime.',
      stage: 'ready',
      approverRoles: ['supportOwner'],
      evidenceKinds: ['monitoring-plan', 'runbook'],
      slaDays: 5,
    },
    {
      id: 'go-live',
      title: 'Go-live approval',
      description:
        'Business and technical owners approve cut-over with the go-live checklist once every other gate is closed.',
      stage: 'ready',
      approverRoles: ['businessOwner', 'technicalOwner'],
      evidenceKinds: ['go-live-checklist'],
      requires: ['test-evidence', 'monitoring-plan'],
      slaDays: 3,
      // Go-live is the decision itself; it is never waived.
      waivable: false,
    },
    {
      id: 'change-control',
      title: 'Change authorisation',
      description:
        'The change is assessed and authorised before it is implemented.',
      stage: 'change',
      trigger: 'change-request',
      approverRoles: ['businessOwner'],
      slaDays: 3,
    },
    {
      id: 'post-implementation-review',
      title: 'Post-implementation review',
      description: 'An emergency change is reviewed after the fact.',
      stage: 'change',
      trigger: 'emergency-change',
      approverRoles: ['technicalOwner', 'complianceReviewer'],
      slaDays: 5,
    },
  ],
  changeTypes: {
    'new-field': { reopens: ['mapping-review', 'test-evidence'] },
    'vendor-endpoint': {
      reopens: ['security-review', 'vendor-risk', 'test-evidence'],
    },
    'ehr-upgrade': { reopens: ['mapping-review', 'test-evidence', 'go-live'] },
    'clinic-rollout': { reopens: ['test-evidence'], standardAllowed: true },
    'access-change': {
      reopens: [
        'security-review',
        'compliance-review',
        'patient-access-review',
      ],
    },
    'workflow-redesign': {
      reopens: ['mapping-review', 'test-evidence', 'monitoring-plan'],
    },
  },
};
