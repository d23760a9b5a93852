import type { ChangeType, EvidenceKind, Role, Stage } from '../types';
import type { MonitoringCategory, Severity } from '../monitoring';

/**
 * A predicate over an integration's profile. Every key that is present must hold;
 * an empty predicate (or none) always holds.
 */
export interface ProfilePredicate {
  phi?: boolean;
  externalVendor?: boolean;
  patientFacing?: boolean;
  /** Holds when the profile carries at least one of these data classes. */
  dataClassesAny?: string[];
  urgencyIn?: string[];
  anyOf?: ProfilePredicate[];
  allOf?: ProfilePredicate[];
  not?: ProfilePredicate;
}

/** When a gate comes into being. */
export type GateTrigger = 'intake' | 'change-request' | 'emergency-change';

export interface GatePolicy {
  id: string;
  title: string;
  description?: string;
  stage: Stage;
  trigger?: GateTrigger;
  when?: ProfilePredicate;
  /** Every listed role must approve (one decision per role). */
  approverRoles: Role[];
  /** Latest unexpired evidence of each kind must be attached before approval. */
  evidenceKinds?: EvidenceKind[];
  /** Gates that must be approved or waived before this one may be decided. */
  requires?: string[];
  /** The gate needs every test scenario passed with evidence. */
  requiresTestMatrix?: boolean;
  slaDays: number;
  /** Whether the waiver role may waive this gate at all (default true). */
  waivable?: boolean;
  /** A waiver of this gate takes effect only when a holder of this (other) role confirms it. */
  waiverCoApproverRole?: Role;
}

/** Who may hold a role: users or groups; a group admits its members and its sub-groups. */
export interface RoleEligibility {
  eligible: string[];
}

/** The holder of `role` may not also hold any of `notWith` on the same record. */
export interface SeparationRule {
  id: string;
  description?: string;
  role: Role;
  notWith: Role[];
}

export interface SeparationOfDuties {
  rules: SeparationRule[];
  /**
   * The requester holds no approver role on their own request, directly or through a group
   * (approver roles: every role that approves a gate, waives, or approves a record change).
   */
  requesterHoldsNoApproverRole: boolean;
}

/** Changes to role holders and to the risk profile need their own approval. */
export interface RecordChangePolicy {
  /** Every listed role must approve (as held on the record before the change). */
  approverRoles: Role[];
}

/** Gates with their own rules in the engine, named so that a renamed gate keeps its rule. */
export interface SpecialGates {
  /** Needs every mapping row confirmed. */
  mappingReview: string;
  /** Authorises a change request before it is implemented. */
  changeControl: string;
  /** Live integrations without it closed are flagged by monitoring. */
  monitoringPlan: string;
}

export interface ChangeTypePolicy {
  /** Gates reopened when a normal or emergency change of this type is opened. */
  reopens: string[];
  /** Listed change types may be raised as `standard` (pre-authorised) changes. */
  standardAllowed?: boolean;
}

export interface GovernancePolicy {
  gates: GatePolicy[];
  changeTypes: Record<ChangeType, ChangeTypePolicy>;
  /** The role that may waive a gate (with a written justification and an expiry). */
  waiverRole: Role;
  /** A waiver lasts at most this many days; at expiry the gate reopens. */
  waiverMaxDays: number;
  /** Who may hold each role; a role not listed may be held by any catalog user or group. */
  roles: Partial<Record<Role, RoleEligibility>>;
  separationOfDuties: SeparationOfDuties;
  recordChanges: RecordChangePolicy;
  specialGates: SpecialGates;
  monitoring: MonitoringPolicy;
  /** Reminders before and after a gate's SLA, and whom an overdue review escalates to. */
  sla?: SlaPolicy;
}

export interface SlaPolicy {
  /** Approvers are reminded this many days before a gate is due (default 2). */
  dueSoonDays?: number;
  /** Unset: an overdue gate reminds its approvers and escalates to nobody. */
  escalation?: SlaEscalation;
}

/** An overdue gate escalates once, this many days after it was due, to a role or a group. */
export interface SlaEscalation {
  afterDaysOverdue: number;
  /** The holder of this role on the record (e.g. businessOwner). */
  role?: Role;
  /** Or a fixed group or user, e.g. group:default/governance-office. */
  group?: string;
}

export interface MonitoringPolicy {
  /** Which role an exception of each category goes to. */
  routes: Record<MonitoringCategory, Role>;
  /** Finer routes for one kind within a category, e.g. policy/missing-approval → businessOwner. */
  kindRoutes?: Array<{
    category: MonitoringCategory;
    kind: string;
    role: Role;
  }>;
  /** A live integration with no signal for this long is `unknown`. */
  silenceWindowHours: number;
  /** At most one notification per open exception in this many minutes (with the count). */
  notifyEveryMinutes: number;
  /**
   * Recovery: an exception of a category listed here resolves itself this many minutes after
   * its alerts resolved, if nothing fired meanwhile (0: at once). Categories not listed wait for
   * the routed role to resolve them.
   */
  autoResolveAfterMinutes?: Partial<Record<MonitoringCategory, number>>;
  /** Event times further ahead of the backend's clock are refused (clamped for Alertmanager). */
  maxClockSkewMinutes?: number;
  /** Event times older than this are refused (clamped for Alertmanager). */
  maxEventAgeDays?: number;
  /** How Alertmanager labels map to categories and severities. */
  alertmanager?: AlertmanagerLabelPolicy;
}

/**
 * Label values are used only when they are a known category or severity, or listed here; any
 * other value refuses the alert with a reason (never a silent default).
 */
export interface AlertmanagerLabelPolicy {
  /** Extra `category` label values, e.g. `{ Clinical: clinical }`. */
  categoryLabels?: Record<string, MonitoringCategory>;
  /** `severity` label values, e.g. `{ P1: critical }`; replaces the default table when set. */
  severityLabels?: Record<string, Severity>;
  /** Alert names that are heartbeats (a signal for health, never an exception). */
  heartbeatAlertnames?: string[];
}
