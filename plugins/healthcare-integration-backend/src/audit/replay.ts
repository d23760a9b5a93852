import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  ReplayContext,
  type Payload,
  type ReplayHandler,
} from './replayContext';
import { changeHandlers } from './replayChanges';
import { exceptionHandlers } from './replayExceptions';
import { gateHandlers } from './replayGates';
import { mappingHandlers } from './replayMapping';
import { recordHandlers } from './replayRecord';
import type { GateCoverage, Replay } from './replayState';

export {
  UNKNOWN,
  decisionKey,
  emptyState,
  pathKey,
  type BoundGate,
  type BoundState,
  type GateCoverage,
  type Maybe,
  type Replay,
  type ReplayedDecision,
} from './replayState';

/**
 * Replays an integration's audit chain into the state it implies: the record, its gates with
 * every decision and who made it, waivers, evidence, tests, change requests, record changes,
 * monitoring exceptions and mapping sign-offs. `binding.ts` compares this with the stored
 * tables (API) or the pack's record sections (offline verifier). Each field remembers the
 * sequence number of the event that last set it, so a difference names its event.
 *
 * The events and payloads are exactly those the engine writes (`src/engine/*.ts`, the
 * monitoring and mapping services). A value the chain does not carry is `UNKNOWN` and is not
 * compared (e.g. an evidence media type uploaded before the payload carried it). Each action's
 * handler lives in the `replay*.ts` file of its concern; an action none knows is listed.
 */

/** Every action replay interprets. A Map, so that an action such as `constructor` is unknown. */
const HANDLERS = new Map<string, ReplayHandler>(
  Object.entries({
    ...recordHandlers,
    ...gateHandlers,
    ...changeHandlers,
    ...exceptionHandlers,
    ...mappingHandlers,
  }),
);

export function replayChain(
  events: AuditEvent[],
  coverage?: Map<string, GateCoverage>,
): Replay {
  const ctx = new ReplayContext(coverage);
  for (const event of events) {
    ctx.seq = event.seq;
    const handle = HANDLERS.get(event.action);
    if (handle) handle(ctx, event, (event.payload ?? {}) as Payload);
    else ctx.unknownActions.push(event.action);
  }
  return {
    state: ctx.state,
    provenance: ctx.provenance,
    decisions: ctx.decisions,
    unknownActions: ctx.unknownActions,
    events: events.length,
  };
}
