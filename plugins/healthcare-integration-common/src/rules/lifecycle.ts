import type { Stage } from '../types';
import { isGateClosed } from './gates';
import { type Refusal, refuse } from './refusal';

/** Allowed lifecycle moves. Leaving a stage needs its gates closed. */
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

/** The forward step from each stage, which the entity tab explains the blockers of. */
export const NEXT_STAGE: Partial<Record<Stage, Stage>> = {
  intake: 'design',
  design: 'build',
  build: 'test',
  test: 'ready',
  ready: 'live',
  change: 'live',
};

const STAGE_ORDER: Partial<Record<Stage, number>> = {
  intake: 0,
  design: 1,
  build: 2,
  test: 3,
  ready: 4,
  live: 5,
  change: 5,
};

/** Leaving a stage forward needs its gates closed; going live needs every gate closed. */
export function stageBlockers(
  gates: ReadonlyArray<{ title: string; status: string; stage: string }>,
  from: Stage,
  to: Stage,
): string[] {
  if (to === 'retired' || (STAGE_ORDER[to] ?? 0) < (STAGE_ORDER[from] ?? 0))
    return [];
  return gates
    .filter(g => !isGateClosed(g.status) && (to === 'live' || g.stage === from))
    .map(g => `gate "${g.title}" is ${g.status}`);
}

export function stageMoveRefusal(
  gates: ReadonlyArray<{ title: string; status: string; stage: string }>,
  from: Stage,
  to: Stage,
): Refusal | undefined {
  if (!STAGE_TRANSITIONS[from]?.includes(to)) {
    return refuse(
      'stage-transition',
      'invalid',
      `Invalid to: cannot move from ${from} to ${to}; allowed: ${
        STAGE_TRANSITIONS[from]?.join(', ') || 'none'
      }`,
    );
  }
  if (to === 'change') {
    return refuse(
      'change-via-change-request',
      'conflict',
      'An integration enters the change stage by opening a change request',
    );
  }
  const blockers = stageBlockers(gates, from, to);
  if (blockers.length) {
    return refuse(
      'stage-gates-closed',
      'conflict',
      `Cannot move from ${from} to ${to}: ${blockers.join('; ')}`,
    );
  }
  return undefined;
}
