import type { ChangeType, EvidenceKind, Role, Stage } from '../types';
import type { MonitoringCategory } from '../monitoring';

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
  /** The role that may waive a gate (with a written justification). */
  waiverRole: Role;
  monitoring: MonitoringPolicy;
}

export interface MonitoringPolicy {
  /** Which role an exception of each category goes to. */
  routes: Record<MonitoringCategory, Role>;
  /** Finer routes for one kind within a category, e.g. policy/missing-approval → businessOwner. */
  kindRoutes?: Array<{ category: MonitoringCategory; kind: string; role: Role }>;
  /** A live integration with no signal for this long is `unknown`. */
  silenceWindowHours: number;
  /** At most one notification per open exception in this many minutes (with the count). */
  notifyEveryMinutes: number;
}
