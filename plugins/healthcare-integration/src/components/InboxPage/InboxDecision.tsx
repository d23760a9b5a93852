import React, { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type {
  Decision,
  InboxItem,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { CommentDialog } from '../CommentDialog';

/** Button order in the row: the usual answer first, the final one last. */
const DECISIONS_OFFERED: Decision[] = ['approve', 'request-changes', 'reject'];

const BUTTON_LABEL: Record<Decision, string> = {
  approve: 'Approve',
  'request-changes': 'Request changes',
  reject: 'Reject',
};

const ACTION_PHRASE: Record<Decision, string> = {
  approve: 'Approve',
  'request-changes': 'Request changes on',
  reject: 'Reject',
};

const DONE: Record<Decision, string> = {
  approve: 'Approved',
  'request-changes': 'Requested changes on',
  reject: 'Rejected',
};

const about = (item: InboxItem) => `${item.gateTitle} for ${item.title}`;

export const inboxItemKey = (item: InboxItem) =>
  `${item.entityRef}#${item.gateId}`;

/** Whether the row offers an inline decision: the backend's rules and permission both allow it now. */
export const offersDecision = (item: InboxItem) =>
  item.canDecide && item.actionable;

/**
 * Inline decisions from the inbox: the same client call and comment dialog the tab's gate
 * timeline uses (the backend binds the decision to the record's current revision and the
 * evidence the gate covers). `refetch` runs after a decision the backend accepted; a refusal
 * keeps the dialog open with the backend's message and the comment, and changes nothing else.
 * `items` is the list as last fetched: a new one means the refetch has landed.
 */
export function useInboxDecision(
  items: InboxItem[] | undefined,
  refetch: () => void,
) {
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run, error, clearError } = useAction();
  const [deciding, setDeciding] = useState<{
    item: InboxItem;
    decision: Decision;
  }>();
  // The row whose decision is in flight, until the refetched list shows its outcome.
  const [inFlight, setInFlight] = useState<string>();
  useEffect(() => setInFlight(undefined), [items]);

  const submit = async (comment: string) => {
    if (!deciding) return false;
    const { item, decision } = deciding;
    setInFlight(inboxItemKey(item));
    const next = await run(
      () => api.decideGate(item.entityRef, item.gateId, { decision, comment }),
      `${DONE[decision]} ${about(item)}`,
    );
    if (!next) {
      setInFlight(undefined);
      return false;
    }
    refetch();
    return true;
  };

  const buttons = (item: InboxItem) => (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {DECISIONS_OFFERED.map(decision => (
        <Button
          key={decision}
          size="small"
          color={decision === 'approve' ? 'primary' : 'default'}
          // Starts with the visible label (WCAG label in name), then says which gate.
          aria-label={`${ACTION_PHRASE[decision]} ${about(item)}`}
          // No second submission while this row's decision is in flight.
          disabled={inFlight === inboxItemKey(item)}
          onClick={() => {
            clearError();
            setDeciding({ item, decision });
          }}
        >
          {BUTTON_LABEL[decision]}
        </Button>
      ))}
    </Box>
  );

  const dialog = (
    <CommentDialog
      open={Boolean(deciding)}
      title={
        deciding
          ? `${ACTION_PHRASE[deciding.decision]} “${deciding.item.gateTitle}”`
          : ''
      }
      description={
        deciding && (
          <Typography variant="body2" color="textSecondary">
            {deciding.item.title}: your decision is bound to the record’s
            current revision and the evidence the gate covers; if either
            changes, it goes stale and the gate reopens.
          </Typography>
        )
      }
      fieldLabel="Comment"
      submitLabel="Submit decision"
      pending={pending}
      error={error}
      onClose={() => setDeciding(undefined)}
      onSubmit={submit}
    />
  );

  return { buttons, dialog };
}
