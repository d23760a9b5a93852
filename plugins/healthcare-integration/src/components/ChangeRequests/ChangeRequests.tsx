import React, { useState } from 'react';
import { PersonName, joinNodes } from '../PersonName';
import { deepLinkTarget, itemAnchorId } from '../RemainingWork/deepLinks';
import { useLocation } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ChangeRequest,
  ChangeStatus,
  GovernancePolicy,
  GovernanceStatus,
  OpenChangeRequestRequest,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  CHANGE_CLASS_LABELS,
  CHANGE_STATUS_LABELS,
  CHANGE_TYPE_LABELS,
  labelOf,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { changeMoves, openChangeRefusalFor } from '../../offers';
import { formatDateTime } from '../../format';
import { OpenChangeRequestDialog } from '../OpenChangeRequestDialog';

export interface ChangeRequestsProps {
  recordRef: string;
  status: GovernanceStatus;
  /** The policy (change types, the change-control gate); moves are offered once it is known. */
  policy?: GovernancePolicy;
  canUpdate: boolean;
  onStatus(status: GovernanceStatus): void;
}

/**
 * Change requests of a live integration: list, details, moves, and opening a new one. What is
 * offered follows the shared change-request rules: "Open change request" only where a normal
 * change may be opened, and of each change's flow moves, those the rules refuse right now are
 * shown disabled with the reason.
 */
export function ChangeRequests(props: ChangeRequestsProps) {
  const { status, recordRef, policy } = props;
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run, error, clearError } = useAction();
  // A deep link to a change (`?change=<id>`, from a notification) opens it expanded.
  const { search } = useLocation();
  const linked = deepLinkTarget(new URLSearchParams(search));
  const [openId, setOpenId] = useState<string | undefined>(
    linked?.section === 'changes' ? linked.item : undefined,
  );
  const [creating, setCreating] = useState(false);

  const move = async (cr: ChangeRequest, to: ChangeStatus) => {
    const next = await run(
      () => api.moveChangeRequest(recordRef, cr.id, to),
      `Change moved to ${to}`,
    );
    if (next) props.onStatus(next);
  };
  const create = async (body: OpenChangeRequestRequest) => {
    const next = await run(
      () => api.openChangeRequest(recordRef, body),
      'Change request opened',
    );
    if (next) props.onStatus(next);
    return Boolean(next);
  };

  const openRefusal = openChangeRefusalFor(status, policy, 'normal');

  return (
    <InfoCard
      title="Change requests"
      action={
        props.canUpdate && !openRefusal ? (
          <Button
            variant="outlined"
            onClick={() => {
              clearError();
              setCreating(true);
            }}
          >
            Open change request
          </Button>
        ) : undefined
      }
    >
      {props.canUpdate && openRefusal && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="open-change-refusal"
        >
          {openRefusal.message}
        </Typography>
      )}
      {status.changeRequests.length === 0 ? (
        <EmptyState
          missing="data"
          title="No change requests"
          description="Changes to a live integration are opened here; they reopen the gates the policy names."
        />
      ) : (
        <Table size="small" aria-label="Change requests">
          <TableHead>
            <TableRow>
              <TableCell>Summary</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Requested</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {status.changeRequests.map(cr => {
              const expanded = openId === cr.id;
              const moves = policy ? changeMoves(status, cr, policy) : [];
              const refused = moves.filter(m => m.refusal);
              return [
                <TableRow
                  key={cr.id}
                  id={itemAnchorId('changes', cr.id)}
                  hover
                  data-testid={`change-${cr.id}`}
                >
                  <TableCell>
                    <Button
                      size="small"
                      aria-expanded={expanded}
                      aria-controls={`${cr.id}-details`}
                      onClick={() => setOpenId(expanded ? undefined : cr.id)}
                      style={{ textTransform: 'none', textAlign: 'left' }}
                    >
                      {expanded ? '▾' : '▸'} {cr.summary}
                    </Button>
                  </TableCell>
                  <TableCell>
                    {labelOf(CHANGE_TYPE_LABELS, cr.type)} (
                    {labelOf(CHANGE_CLASS_LABELS, cr.changeClass)})
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={labelOf(CHANGE_STATUS_LABELS, cr.status)}
                    />
                    {cr.locked && (
                      <Chip size="small" variant="outlined" label="locked" />
                    )}
                  </TableCell>
                  <TableCell>
                    <PersonName entityRef={cr.requestedBy} />,{' '}
                    {formatDateTime(cr.requestedAt)}
                  </TableCell>
                </TableRow>,
                <TableRow key={`${cr.id}-details`} id={`${cr.id}-details`}>
                  <TableCell
                    colSpan={4}
                    style={{
                      paddingTop: 0,
                      paddingBottom: 0,
                      borderBottom: expanded ? undefined : 'none',
                    }}
                  >
                    <Collapse in={expanded} unmountOnExit>
                      <Box py={1}>
                        <Typography variant="body2">
                          <strong>Impact:</strong> {cr.impactAssessment}
                        </Typography>
                        <Typography variant="body2">
                          <strong>Reopened gates:</strong>{' '}
                          {cr.reopenedGates.join(', ') || 'none'}
                        </Typography>
                        <Typography variant="body2">
                          <strong>Notify:</strong>{' '}
                          {cr.notify.length
                            ? joinNodes(
                                cr.notify.map(ref => (
                                  <PersonName entityRef={ref} />
                                )),
                                ', ',
                              )
                            : 'nobody'}
                        </Typography>
                        <Typography variant="body2">
                          <strong>Authorised:</strong>{' '}
                          {cr.authorisedBy ? (
                            <>
                              <PersonName entityRef={cr.authorisedBy} />,{' '}
                              {formatDateTime(cr.authorisedAt)}
                            </>
                          ) : (
                            'not yet'
                          )}
                          {cr.closedAt &&
                            ` · closed ${formatDateTime(cr.closedAt)}`}
                        </Typography>
                        {props.canUpdate && moves.length > 0 && (
                          <>
                            <Box mt={1} display="flex" style={{ gap: 8 }}>
                              {moves.map(({ to, refusal }) => (
                                // A disabled button gets no pointer events; the span carries the tooltip.
                                <span key={to} title={refusal?.message}>
                                  <Button
                                    size="small"
                                    variant="outlined"
                                    disabled={pending || Boolean(refusal)}
                                    onClick={() => move(cr, to)}
                                  >
                                    Move to {to}
                                  </Button>
                                </span>
                              ))}
                            </Box>
                            {refused.map(({ to, refusal }) => (
                              <Typography
                                key={to}
                                variant="caption"
                                color="textSecondary"
                                component="div"
                                data-testid="change-move-refusal"
                              >
                                Move to {to}: {refusal!.message}
                              </Typography>
                            ))}
                          </>
                        )}
                      </Box>
                    </Collapse>
                  </TableCell>
                </TableRow>,
              ];
            })}
          </TableBody>
        </Table>
      )}
      <OpenChangeRequestDialog
        open={creating}
        pending={pending}
        error={error}
        refusalFor={(changeClass, type) =>
          openChangeRefusalFor(status, policy, changeClass, type)?.message
        }
        onClose={() => setCreating(false)}
        onSubmit={create}
      />
    </InfoCard>
  );
}
