import {
  CHANGE_FLOW,
  type ChangeClass,
  type ChangeStatus,
  type Stage,
} from '../types';
import type { ChangeTypePolicy } from '../policy/types';
import { isGateClosed } from './gates';
import { type Refusal, refuse } from './refusal';

/** Change-request rules: when one may be opened and how it moves. */

export interface OpenChangeInput {
  stage: Stage;
  changeClass: ChangeClass;
  changeType: string;
  typePolicy: ChangeTypePolicy;
  /** The id of a normal or emergency change still open on the record, if any. */
  openChangeId?: string;
}

export function openChangeRefusal(input: OpenChangeInput): Refusal | undefined {
  if (input.changeClass === 'standard' && !input.typePolicy.standardAllowed) {
    return refuse(
      'standard-change-preauthorised',
      'invalid',
      `Invalid changeClass: ${input.changeType} is not pre-authorised as a standard change by policy; use normal or emergency`,
    );
  }
  if (input.stage !== 'live' && input.stage !== 'change') {
    return refuse(
      'change-on-live-only',
      'conflict',
      `Change requests apply to live integrations; this one is in ${input.stage}`,
    );
  }
  if (input.changeClass !== 'standard' && input.openChangeId) {
    return refuse(
      'one-open-change',
      'conflict',
      `Change request ${input.openChangeId} is still open on this integration`,
    );
  }
  return undefined;
}

export interface MoveChangeInput {
  change: {
    id: string;
    changeClass: ChangeClass;
    status: ChangeStatus;
    reopenedGates: readonly string[];
  };
  to: ChangeStatus;
  gates: ReadonlyArray<{ id: string; status: string }>;
  /** The policy's change-authorisation gate (specialGates.changeControl). */
  changeControlGateId: string;
}

export function allowedChangeMoves(
  changeClass: ChangeClass,
  status: ChangeStatus,
): ChangeStatus[] {
  return CHANGE_FLOW[changeClass]?.[status] ?? [];
}

export function changeMoveRefusal(input: MoveChangeInput): Refusal | undefined {
  const { change, to, gates } = input;
  const allowed = allowedChangeMoves(change.changeClass, change.status);
  if (!allowed.includes(to)) {
    return refuse(
      'change-flow',
      'invalid',
      `Invalid to: a ${change.changeClass} change in ${
        change.status
      } can move to ${allowed.join(', ') || 'nothing'}`,
    );
  }
  if (to === 'implement' && change.changeClass === 'normal') {
    const control = gates.find(g => g.id === input.changeControlGateId);
    if (control && !isGateClosed(control.status)) {
      return refuse(
        'change-authorised-first',
        'conflict',
        `Change ${change.id} is not authorised: ${control.id} is ${control.status}`,
      );
    }
    const open = gates.filter(
      g => change.reopenedGates.includes(g.id) && !isGateClosed(g.status),
    );
    if (open.length) {
      return refuse(
        'reopened-gates-closed',
        'conflict',
        `Change ${
          change.id
        } cannot be implemented while the gates it reopened are open: ${open
          .map(g => `${g.id} (${g.status})`)
          .join(', ')}`,
      );
    }
  }
  if (to === 'implement' && change.changeClass === 'emergency') {
    const control = gates.find(g => g.id === input.changeControlGateId);
    if (control && !isGateClosed(control.status)) {
      return refuse(
        'change-authorised-first',
        'conflict',
        `Change ${change.id} is not authorised: ${control.id} is ${control.status}`,
      );
    }
  }
  if (to === 'closed' && change.changeClass !== 'standard') {
    const open = gates.filter(g => !isGateClosed(g.status));
    if (open.length) {
      return refuse(
        'gates-closed-before-close',
        'conflict',
        `Change ${change.id} cannot close while gates are open: ${open
          .map(g => g.id)
          .join(', ')}`,
      );
    }
  }
  return undefined;
}
