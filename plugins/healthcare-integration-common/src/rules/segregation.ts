import type { Role, RoleHolders } from '../types';
import { isGateClosed } from './gates';
import { type Refusal, refuse } from './refusal';

/**
 * Segregation of duties for decisions: who may decide a gate, waive it, confirm a waiver, or
 * decide a proposed record change. Pure: the backend enforces these answers and the UI offers
 * exactly the actions for which they return no refusal.
 */

export interface Decider {
  ref: string;
  isUser: boolean;
  /** Roles held on the record, directly or through a group. */
  roles: readonly Role[];
}

export interface GateDecisionInput {
  gate: {
    id: string;
    status: string;
    approverRoles: readonly Role[];
    requestedBy: string;
  };
  recordRequester: string;
  /** Live decisions of the gate's current round. */
  roundDecisions: ReadonlyArray<{ role: string; decidedBy: string }>;
  actor: Decider;
  holders?: Partial<RoleHolders>;
}

/** The role the actor decides the gate as, or why they may not decide it. */
export function gateDecision(
  input: GateDecisionInput,
): { role: Role } | { refusal: Refusal } {
  const { gate, actor, roundDecisions } = input;
  if (!actor.isUser) {
    return {
      refusal: refuse(
        'people-decide',
        'not-allowed',
        'Only a person can decide a gate',
      ),
    };
  }
  if (isGateClosed(gate.status)) {
    return {
      refusal: refuse(
        'gate-open',
        'conflict',
        `Gate ${gate.id} is already ${gate.status}`,
      ),
    };
  }
  if (gate.status === 'rejected') {
    return {
      refusal: refuse(
        'rejection-stands',
        'conflict',
        `Gate ${gate.id} was rejected; it reopens when its evidence or the record changes`,
      ),
    };
  }
  if (actor.ref === gate.requestedBy || actor.ref === input.recordRequester) {
    return {
      refusal: refuse(
        'requester-cannot-decide',
        'not-allowed',
        `Segregation of duties: ${actor.ref} requested this work and cannot decide gate ${gate.id}`,
      ),
    };
  }
  if (roundDecisions.some(d => d.decidedBy === actor.ref)) {
    return {
      refusal: refuse(
        'one-decision-per-person',
        'conflict',
        `${actor.ref} has already decided gate ${gate.id} in this round`,
      ),
    };
  }
  const candidates = gate.approverRoles.filter(r => actor.roles.includes(r));
  if (!candidates.length) {
    const who = gate.approverRoles
      .map(r => (input.holders?.[r] ? `${r} (${input.holders[r]})` : r))
      .join(' and ');
    return {
      refusal: refuse(
        'approver-role-required',
        'not-allowed',
        `Gate ${gate.id} is decided by ${who}; ${actor.ref} holds none of these roles`,
      ),
    };
  }
  const role = candidates.find(r => !roundDecisions.some(d => d.role === r));
  if (!role) {
    return {
      refusal: refuse(
        'one-decision-per-role',
        'conflict',
        `Gate ${gate.id} already has a decision for ${candidates.join(', ')}`,
      ),
    };
  }
  return { role };
}

export interface WaiverInput {
  gate: {
    id: string;
    status: string;
    requestedBy: string;
    waivable?: boolean;
    waiverCoApproverRole?: Role;
    waiver?: { pendingCoApproval?: Role } | null;
  };
  recordRequester: string;
  waiverRole: Role;
  actor: Decider;
}

/** Why the actor may not waive the gate now; undefined when they may. */
export function waiverRefusal(input: WaiverInput): Refusal | undefined {
  const { gate, actor, waiverRole } = input;
  if (!actor.isUser)
    return refuse(
      'people-decide',
      'not-allowed',
      'Only a person can waive a gate',
    );
  if (gate.waivable === false) {
    return refuse(
      'gate-not-waivable',
      'not-allowed',
      `Gate ${gate.id} cannot be waived by policy`,
    );
  }
  if (!actor.roles.includes(waiverRole)) {
    return refuse(
      'waiver-role-required',
      'not-allowed',
      `Only the ${waiverRole} may waive gate ${gate.id}`,
    );
  }
  if (actor.ref === input.recordRequester || actor.ref === gate.requestedBy) {
    return refuse(
      'requester-cannot-decide',
      'not-allowed',
      'Segregation of duties: the requester cannot waive a gate',
    );
  }
  if (isGateClosed(gate.status)) {
    return refuse(
      'gate-open',
      'conflict',
      `Gate ${gate.id} is already ${gate.status}`,
    );
  }
  if (gate.status === 'rejected') {
    return refuse(
      'rejection-stands',
      'conflict',
      `Gate ${gate.id} was rejected by its reviewer; a waiver cannot overrule the finding`,
    );
  }
  if (gate.waiver?.pendingCoApproval) {
    return refuse(
      'waiver-pending',
      'conflict',
      `A waiver of gate ${gate.id} already awaits confirmation by the ${gate.waiver.pendingCoApproval}`,
    );
  }
  return undefined;
}

/** A waiver's expiry must lie in the future and within the policy's maximum. */
export function waiverExpiryRefusal(
  expiresAt: string,
  now: Date,
  maxDays: number,
): Refusal | undefined {
  const at = Date.parse(expiresAt);
  if (!(at > now.getTime())) {
    return refuse(
      'waiver-expiry',
      'invalid',
      'Invalid expiresAt: must be in the future',
    );
  }
  if (at > now.getTime() + maxDays * 86_400_000) {
    return refuse(
      'waiver-expiry',
      'invalid',
      `Invalid expiresAt: a waiver lasts at most ${maxDays} days (policy waiverMaxDays)`,
    );
  }
  return undefined;
}

export interface WaiverConfirmationInput {
  gate: {
    id: string;
    waiver?: { by: string; pendingCoApproval?: Role } | null;
  };
  recordRequester: string;
  actor: Decider;
}

export function waiverConfirmationRefusal(
  input: WaiverConfirmationInput,
): Refusal | undefined {
  const { gate, actor } = input;
  if (!actor.isUser)
    return refuse(
      'people-decide',
      'not-allowed',
      'Only a person can confirm a waiver',
    );
  const role = gate.waiver?.pendingCoApproval;
  if (!gate.waiver || !role) {
    return refuse(
      'waiver-pending',
      'conflict',
      `No waiver of gate ${gate.id} awaits confirmation`,
    );
  }
  if (actor.ref === gate.waiver.by) {
    return refuse(
      'four-eyes',
      'not-allowed',
      `Segregation of duties: ${actor.ref} requested this waiver and cannot confirm it`,
    );
  }
  if (actor.ref === input.recordRequester) {
    return refuse(
      'requester-cannot-decide',
      'not-allowed',
      'Segregation of duties: the requester cannot confirm a waiver',
    );
  }
  if (!actor.roles.includes(role)) {
    return refuse(
      'co-approver-role-required',
      'not-allowed',
      `The waiver of gate ${gate.id} is confirmed by the ${role}; ${actor.ref} does not hold it`,
    );
  }
  return undefined;
}

export interface RecordChangeDecisionInput {
  change: {
    id: string;
    status: string;
    proposedBy: string;
    approverRoles: readonly Role[];
    decisions: ReadonlyArray<{ role: string; decidedBy: string }>;
    /** Holders the change would name; none of them may approve it. */
    newHolders: readonly string[];
  };
  recordRequester: string;
  actor: Decider;
  /** The actor's own ref and groups: a group named as a new holder excludes its members. */
  actorIdentity: readonly string[];
}

/** The role the actor decides a proposed record change as, or why they may not. */
export function recordChangeDecision(
  input: RecordChangeDecisionInput,
): { role: Role } | { refusal: Refusal } {
  const { change, actor } = input;
  if (!actor.isUser) {
    return {
      refusal: refuse(
        'people-decide',
        'not-allowed',
        'Only a person can decide a record change',
      ),
    };
  }
  if (change.status !== 'pending') {
    return {
      refusal: refuse(
        'record-change-pending',
        'conflict',
        `Record change ${change.id} is ${change.status}`,
      ),
    };
  }
  if (actor.ref === change.proposedBy) {
    return {
      refusal: refuse(
        'proposer-cannot-approve',
        'not-allowed',
        `Segregation of duties: ${actor.ref} proposed this change and cannot decide it`,
      ),
    };
  }
  if (actor.ref === input.recordRequester) {
    return {
      refusal: refuse(
        'requester-cannot-decide',
        'not-allowed',
        `Segregation of duties: ${actor.ref} requested this integration and cannot decide changes to its controls`,
      ),
    };
  }
  if (change.newHolders.some(h => input.actorIdentity.includes(h))) {
    return {
      refusal: refuse(
        'beneficiary-cannot-approve',
        'not-allowed',
        `Segregation of duties: the change gives ${actor.ref} (or their group) a role; they cannot approve it`,
      ),
    };
  }
  if (change.decisions.some(d => d.decidedBy === actor.ref)) {
    return {
      refusal: refuse(
        'one-decision-per-person',
        'conflict',
        `${actor.ref} has already decided record change ${change.id}`,
      ),
    };
  }
  const candidates = change.approverRoles.filter(r => actor.roles.includes(r));
  if (!candidates.length) {
    return {
      refusal: refuse(
        'approver-role-required',
        'not-allowed',
        `Record changes are approved by ${change.approverRoles.join(
          ' and ',
        )} (policy recordChanges.approverRoles); ${
          actor.ref
        } holds none of these roles`,
      ),
    };
  }
  const role = candidates.find(r => !change.decisions.some(d => d.role === r));
  if (!role) {
    return {
      refusal: refuse(
        'one-decision-per-role',
        'conflict',
        `Record change ${
          change.id
        } already has a decision for ${candidates.join(', ')}`,
      ),
    };
  }
  return { role };
}

/** Only the proposer withdraws a pending record change. */
export function recordChangeWithdrawalRefusal(input: {
  change: { id: string; status: string; proposedBy: string };
  actor: { ref: string };
}): Refusal | undefined {
  const { change, actor } = input;
  if (change.status !== 'pending') {
    return refuse(
      'record-change-pending',
      'conflict',
      `Record change ${change.id} is ${change.status}`,
    );
  }
  if (change.proposedBy !== actor.ref) {
    return refuse(
      'proposer-withdraws',
      'not-allowed',
      `Only ${change.proposedBy}, who proposed record change ${change.id}, may withdraw it`,
    );
  }
  return undefined;
}
