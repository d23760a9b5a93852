import {
  moveStageSchema,
  stageMoveRefusal,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { assertAllowed, parseInput } from '../lib/errors';
import { setStage } from './gateOps';
import { mutateRecord } from './MutationContext';
import type { Actor, EngineDeps } from './types';

/** Moves the lifecycle stage; the shared lifecycle rules say when it may move. */
export async function moveStage(
  deps: EngineDeps,
  entityRef: string,
  input: unknown,
  actor: Actor,
) {
  const { to } = parseInput(moveStageSchema, input);
  await mutateRecord(deps, entityRef, actor, async ctx => {
    const from = ctx.loaded.record.stage as Stage;
    assertAllowed(stageMoveRefusal(ctx.loaded.gates, from, to as Stage));
    await setStage(ctx, to as Stage);
  });
}
