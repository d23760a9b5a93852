import type { IntegrationProfile } from '../types';
import { matchesProfile } from './predicate';
import type { GatePolicy, GateTrigger, GovernancePolicy } from './types';

/** The gates a profile needs at intake: every intake-triggered gate whose predicate holds. */
export function deriveGates(
  policy: GovernancePolicy,
  profile: IntegrationProfile,
  trigger: GateTrigger = 'intake',
): GatePolicy[] {
  return policy.gates.filter(
    g => (g.trigger ?? 'intake') === trigger && matchesProfile(g.when, profile),
  );
}

export function findGatePolicy(policy: GovernancePolicy, gateId: string) {
  return policy.gates.find(g => g.id === gateId);
}

// Lifecycle and closed-gate rules live in ../rules (shared by the engine and the UI).
