import React from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  GovernanceStatus,
  Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { nextStageMove } from '../../offers';
import { formatDateTime, stageLabel } from '../../format';
import { PersonName } from '../PersonName';

/** The main path; `change` is shown on the live step, `retired` after it. */
const PATH: Stage[] = [
  'intake',
  'design',
  'build',
  'test',
  'ready',
  'live',
  'retired',
];

export interface LifecycleSummaryProps {
  recordRef: string;
  status: GovernanceStatus;
  canUpdate: boolean;
  onStatus(status: GovernanceStatus): void;
}

/** Where the integration is in its lifecycle and what blocks the next stage. */
export function LifecycleSummary(props: LifecycleSummaryProps) {
  const { status } = props;
  const { record } = status;
  const api = useApi(healthcareIntegrationApiRef);
  const { pending, run } = useAction();
  const active = PATH.indexOf(
    record.stage === 'change' ? 'live' : record.stage,
  );
  // The shared lifecycle rule decides whether the move is offered; the backend enforces the same.
  const move = nextStageMove(status);

  const advance = async (to: Stage) => {
    const next = await run(
      () => api.moveStage(props.recordRef, { to }),
      `Moved to ${to}`,
    );
    if (next) props.onStatus(next);
  };

  return (
    <InfoCard
      title={record.title}
      subheader={
        // One span: the subheader is a flex box, which would drop the spaces around the name.
        <span>
          Requested by <PersonName entityRef={record.requestedBy} /> on{' '}
          {formatDateTime(record.createdAt)} · details version{' '}
          {record.profileRevision}
        </span>
      }
    >
      <Stepper activeStep={active} alternativeLabel aria-label="Lifecycle">
        {PATH.map(stage => (
          <Step key={stage} completed={PATH.indexOf(stage) < active}>
            <StepLabel>
              {stage === 'live' && record.stage === 'change'
                ? 'Live (change in progress)'
                : stageLabel(stage)}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
      <Typography variant="body1" data-testid="lifecycle-stage">
        Stage: <strong>{stageLabel(record.stage)}</strong>
        {status.nextStage && <> · next: {stageLabel(status.nextStage)}</>}
      </Typography>
      {move?.refusal && (
        <Box mt={1} data-testid="stage-blockers">
          <Typography variant="body2">
            Blocking {stageLabel(move.to)}:
          </Typography>
          <ul>
            {(move.blockers.length
              ? move.blockers
              : [move.refusal.message]
            ).map(b => (
              <li key={b}>
                <Typography variant="body2">{b}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      {move && !move.refusal && props.canUpdate && (
        <Box mt={1}>
          <Button
            variant="contained"
            color="primary"
            disabled={pending}
            onClick={() => advance(move.to)}
          >
            Move to {stageLabel(move.to)}
          </Button>
        </Box>
      )}
    </InfoCard>
  );
}
