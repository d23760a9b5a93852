import React, { useState } from 'react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  STAGES,
  calendarDate,
  gateBlockersInWords,
  type Decision,
  type Gate,
  type GovernancePolicy,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import {
  gateAwaits,
  gateDecisionRole,
  mayConfirmWaiver,
  mayWaive,
} from '../../offers';
import { isGateOpen } from '../../format';
import { CommentDialog } from '../CommentDialog';
import { GateRow } from '../GateRow';

export interface GateTimelineProps {
  recordRef: string;
  /** The status as fetched: its `viewer` says who is looking and which roles they hold. */
  status: GovernanceStatus;
  /** The policy (its waiver role); no waiver is offered until it is known. */
  policy?: GovernancePolicy;
  /** The permission framework's answers; a further filter on top of the rules. */
  canDecide: boolean;
  canWaive: boolean;
  onStatus(status: GovernanceStatus): void;
}

const DECISION_TITLES: Record<Decision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  'request-changes': 'Request changes on',
};

/** Days a waiver lasts unless the waiver sets another expiry (the policy caps it; 90 by default). */
const DEFAULT_WAIVER_DAYS = 30;

const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(
    d.getDate(),
  ).padStart(2, '0')}`;

function defaultWaiverExpiry() {
  const d = new Date();
  d.setDate(d.getDate() + DEFAULT_WAIVER_DAYS);
  return localDate(d);
}

/** A waiver is in force until the end of the chosen day, local time. */
const endOfLocalDay = (date: string) =>
  new Date(`${date}T23:59:59`).toISOString();

/** The record's gates in lifecycle order, with decision and waiver dialogs. */
export function GateTimeline(props: GateTimelineProps) {
  const { status, recordRef, policy } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run, error, clearError } = useAction();
  const [deciding, setDeciding] = useState<{
    gate: Gate;
    decision: Decision;
  }>();
  const [waiving, setWaiving] = useState<Gate>();
  const [confirming, setConfirming] = useState<Gate>();
  const [waiverExpiry, setWaiverExpiry] = useState(defaultWaiverExpiry);
  const waiverExpiryValid =
    calendarDate().safeParse(waiverExpiry).success &&
    waiverExpiry > localDate(new Date());

  const gates = [...status.gates].sort(
    (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
  );

  const decide = async (comment: string) => {
    if (!deciding) return false;
    const next = await run(
      () =>
        api.decideGate(recordRef, deciding.gate.id, {
          decision: deciding.decision,
          comment,
        }),
      `Recorded: ${deciding.decision} on ${deciding.gate.title}`,
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };

  const waive = async (justification: string) => {
    if (!waiving) return false;
    const next = await run(
      () =>
        api.waiveGate(recordRef, waiving.id, {
          justification,
          expiresAt: endOfLocalDay(waiverExpiry),
        }),
      `Waived ${waiving.title}`,
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };

  const confirmWaiver = async (comment: string) => {
    if (!confirming) return false;
    const next = await run(
      () => api.confirmWaiver(recordRef, confirming.id, { comment }),
      `Waiver of ${confirming.title} confirmed`,
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };

  return (
    <InfoCard
      title="Gates"
      subheader="Every gate the policy requires, in lifecycle order"
    >
      {gates.length === 0 ? (
        <EmptyState
          missing="data"
          title="No gates"
          description="The policy requires no gates for this integration."
        />
      ) : (
        <ol
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Gate timeline"
        >
          {gates.map(gate => (
            <GateRow
              key={gate.id}
              gate={gate}
              roles={status.record.roles}
              decideAs={
                props.canDecide ? gateDecisionRole(status, gate) : undefined
              }
              awaiting={isGateOpen(gate.status) ? gateAwaits(status, gate) : []}
              blockedBecause={gateBlockersInWords(
                gate,
                status.gates,
                status.evidence,
                status.tests,
                new Date(),
              )}
              afterTitles={gate.requires.map(
                id => status.gates.find(g => g.id === id)?.title ?? id,
              )}
              waivable={props.canWaive && mayWaive(status, gate, policy)}
              // Confirming a waiver is a decision by another role (the decide permission).
              confirmable={props.canDecide && mayConfirmWaiver(status, gate)}
              onDecide={decision => {
                clearError();
                setDeciding({ gate, decision });
              }}
              onWaive={() => {
                clearError();
                setWaiverExpiry(defaultWaiverExpiry());
                setWaiving(gate);
              }}
              onConfirmWaiver={() => {
                clearError();
                setConfirming(gate);
              }}
            />
          ))}
        </ol>
      )}
      <CommentDialog
        open={Boolean(deciding)}
        title={
          deciding
            ? `${DECISION_TITLES[deciding.decision]} “${deciding.gate.title}”`
            : ''
        }
        description={
          <Typography variant="body2" color="textSecondary">
            Your decision is bound to record revision{' '}
            {status.record.profileRevision} and the evidence the gate covers; if
            either changes, it goes stale and the gate reopens.
          </Typography>
        }
        fieldLabel="Comment"
        submitLabel="Submit decision"
        pending={pending}
        error={error}
        onClose={() => setDeciding(undefined)}
        onSubmit={decide}
      />
      <CommentDialog
        open={Boolean(waiving)}
        title={waiving ? `Waive “${waiving.title}”` : ''}
        description={
          <Typography variant="body2" color="textSecondary">
            A waiver closes the gate without approval. Write why it is
            acceptable; it is kept in the audit trail.
          </Typography>
        }
        fieldLabel="Justification"
        minLength={20}
        submitLabel="Submit waiver"
        pending={pending}
        error={error}
        onClose={() => setWaiving(undefined)}
        onSubmit={waive}
        extraValid={waiverExpiryValid}
      >
        <TextField
          id="hci-waiver-expiry"
          type="date"
          required
          margin="normal"
          variant="outlined"
          label="Waiver expires on"
          value={waiverExpiry}
          onChange={e => setWaiverExpiry(e.target.value)}
          error={!waiverExpiryValid}
          helperText="The gate reopens after this day; the policy limits how long a waiver may last"
          InputLabelProps={{ shrink: true }}
          inputProps={{ min: localDate(new Date()) }}
        />
      </CommentDialog>
      <CommentDialog
        open={Boolean(confirming)}
        title={confirming ? `Confirm the waiver of “${confirming.title}”` : ''}
        description={
          confirming?.waiver && (
            <Typography variant="body2" color="textSecondary">
              {confirming.waiver.by} asks to waive this gate: “
              {confirming.waiver.justification}”. Your confirmation as the{' '}
              {confirming.waiver.pendingCoApproval} puts the waiver in force; it
              is kept in the audit trail.
            </Typography>
          )
        }
        fieldLabel="Comment"
        submitLabel="Confirm waiver"
        pending={pending}
        error={error}
        onClose={() => setConfirming(undefined)}
        onSubmit={confirmWaiver}
      />
    </InfoCard>
  );
}
