import {
  CHANGE_TYPES,
  allowedChangeMoves,
  awaitedRoles,
  changeMoveRefusal,
  gateDecision,
  openChangeRefusal,
  recordChangeDecision,
  recordChangeWithdrawalRefusal,
  stageBlockers,
  stageMoveRefusal,
  testRecorderRefusal,
  waiverConfirmationRefusal,
  waiverRefusal,
  type ChangeClass,
  type ChangeRequest,
  type ChangeStatus,
  type ChangeType,
  type Decider,
  type Gate,
  type GovernancePolicy,
  type GovernanceStatus,
  type RecordChange,
  type Refusal,
  type Role,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * What the tab offers the viewer. Every answer comes from the shared rules in
 * `@hcig/backstage-plugin-healthcare-integration-common` (the functions the backend enforces), fed
 * with the status the backend sent; nothing here decides on its own. The permission framework
 * is a separate, further filter applied by the components.
 */

/** The viewer as the rules see them. The backend sends `viewer` only to a signed-in user. */
export function deciderOf(status: GovernanceStatus): Decider | undefined {
  const { viewer } = status;
  return viewer
    ? { ref: viewer.ref, isUser: true, roles: viewer.roles }
    : undefined;
}

/** Whether the viewer may record test results (the test owner only). */
export function mayRecordTests(status: GovernanceStatus): boolean {
  const actor = deciderOf(status);
  return !!actor && !testRecorderRefusal(actor);
}

/** The gate's live decisions: those of its current round (a reopen marks earlier ones stale). */
export function liveDecisions(gate: Gate) {
  return gate.decisions.filter(d => !d.stale);
}

/** The role the viewer decides the gate as, or undefined when the rules refuse them. */
export function gateDecisionRole(
  status: GovernanceStatus,
  gate: Gate,
): Role | undefined {
  const actor = deciderOf(status);
  if (!actor) return undefined;
  const outcome = gateDecision({
    gate,
    recordRequester: status.record.requestedBy,
    roundDecisions: liveDecisions(gate),
    actor,
    holders: status.record.roles,
  });
  return 'role' in outcome ? outcome.role : undefined;
}

/** Whether the viewer may waive the gate now (needs the policy's waiver role). */
export function mayWaive(
  status: GovernanceStatus,
  gate: Gate,
  policy?: GovernancePolicy,
): boolean {
  const actor = deciderOf(status);
  if (!actor || !policy) return false;
  return !waiverRefusal({
    gate,
    recordRequester: status.record.requestedBy,
    waiverRole: policy.waiverRole,
    actor,
  });
}

/** Whether the viewer may confirm a waiver that awaits a second person. */
export function mayConfirmWaiver(
  status: GovernanceStatus,
  gate: Gate,
): boolean {
  const actor = deciderOf(status);
  if (!actor) return false;
  return !waiverConfirmationRefusal({
    gate,
    recordRequester: status.record.requestedBy,
    actor,
  });
}

/** The approver roles an open gate still waits for, each with its holder on the record. */
export function gateAwaits(
  status: GovernanceStatus,
  gate: Gate,
): Array<{ role: Role; holder: string }> {
  return awaitedRoles(gate.approverRoles, liveDecisions(gate)).map(role => ({
    role,
    holder: status.record.roles[role],
  }));
}

/** The forward stage move and, if the rules refuse it, why (with the gates that block it). */
export function nextStageMove(
  status: GovernanceStatus,
): { to: Stage; refusal?: Refusal; blockers: string[] } | undefined {
  const to = status.nextStage;
  if (!to) return undefined;
  const from = status.record.stage;
  return {
    to,
    refusal: stageMoveRefusal(status.gates, from, to),
    blockers: stageBlockers(status.gates, from, to),
  };
}

/** The normal or emergency change still open on the record, as the backend looks it up. */
export function openNonStandardChangeId(
  status: GovernanceStatus,
): string | undefined {
  return status.changeRequests.find(
    cr =>
      cr.changeClass !== 'standard' &&
      cr.status !== 'closed' &&
      cr.status !== 'cancelled',
  )?.id;
}

/**
 * Why a change of this class and type may not be opened now. Without the policy the type's
 * rules are unknown: only the stage and the one-open-change rule are checked then (the type
 * matters to a standard change only, and the backend still refuses with its reason).
 */
export function openChangeRefusalFor(
  status: GovernanceStatus,
  policy: GovernancePolicy | undefined,
  changeClass: ChangeClass,
  changeType: ChangeType = CHANGE_TYPES[0],
): Refusal | undefined {
  const typePolicy = policy?.changeTypes[changeType] ?? {
    reopens: [],
    standardAllowed: changeClass === 'standard',
  };
  return openChangeRefusal({
    stage: status.record.stage,
    changeClass,
    changeType,
    typePolicy,
    openChangeId: openNonStandardChangeId(status),
  });
}

/** The moves the change's flow allows from its status, each with the rules' refusal if any. */
export function changeMoves(
  status: GovernanceStatus,
  cr: ChangeRequest,
  policy: GovernancePolicy,
): Array<{ to: ChangeStatus; refusal?: Refusal }> {
  return allowedChangeMoves(cr.changeClass, cr.status).map(to => ({
    to,
    refusal: changeMoveRefusal({
      change: cr,
      to,
      gates: status.gates,
      changeControlGateId: policy.specialGates.changeControl,
    }),
  }));
}

/** Holders a record change would name; none of them (nor their group's members) may approve it. */
export function newHoldersOf(change: RecordChange): string[] {
  return Object.values(change.after.roles ?? {}).filter(
    (h): h is string => typeof h === 'string',
  );
}

/**
 * The role the viewer decides a proposed record change as, or undefined when refused.
 * `actorIdentity` is the viewer's ref and groups (the identity API's ownership refs).
 */
export function recordChangeRole(
  status: GovernanceStatus,
  change: RecordChange,
  actorIdentity: readonly string[],
): Role | undefined {
  const actor = deciderOf(status);
  if (!actor) return undefined;
  const outcome = recordChangeDecision({
    change: { ...change, newHolders: newHoldersOf(change) },
    recordRequester: status.record.requestedBy,
    actor,
    actorIdentity: [actor.ref, ...actorIdentity],
  });
  return 'role' in outcome ? outcome.role : undefined;
}

/**
 * Whether the viewer may withdraw a pending record change: its proposer only. The backend's
 * check (rule: proposer-withdraws) has no shared rule function yet, so this mirrors it.
 */
export function mayWithdraw(
  status: GovernanceStatus,
  change: RecordChange,
): boolean {
  return (
    !!status.viewer &&
    !recordChangeWithdrawalRefusal({
      change,
      actor: { ref: status.viewer.ref },
    })
  );
}
