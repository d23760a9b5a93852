import type { IntegrationProfile, Stage } from '../types';
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

/** Allowed lifecycle moves. Leaving a stage needs its gates closed (see the backend). */
export const STAGE_TRANSITIONS: Record<Stage, Stage[]> = {
  intake: ['design', 'retired'],
  design: ['build', 'retired'],
  build: ['test', 'design', 'retired'],
  test: ['ready', 'build', 'retired'],
  ready: ['live', 'test', 'retired'],
  live: ['change', 'retired'],
  change: ['live'],
  retired: [],
};

export const CLOSED_GATE_STATUSES = ['approved', 'waived', 'not-required'] as const;

export function isGateClosed(status: string): boolean {
  return (CLOSED_GATE_STATUSES as readonly string[]).includes(status);
}

/** The forward step from each stage, which the entity tab explains the blockers of. */
export const NEXT_STAGE: Partial<Record<Stage, Stage>> = {
  intake: 'design',
  design: 'build',
  build: 'test',
  test: 'ready',
  ready: 'live',
  change: 'live',
};
