import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  isGateClosed,
  type GovernanceStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { recordRefOf } from '../../entity';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import { useGovernanceStatus } from '../../hooks/useGovernanceStatus';
import { useMonitoring } from '../../hooks/useMonitoring';
import { gateAwaits } from '../../offers';
import { roleLabel, shortRef, stageLabel } from '../../format';
import { HealthChip } from '../HealthChip';

/** What should happen next, and which role owns it. */
export function nextAction(
  status: GovernanceStatus,
): { action: string; owner: string } | undefined {
  const open = status.gates
    .filter(g => !isGateClosed(g.status))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const gate = open.find(g => g.stage === status.record.stage) ?? open[0];
  if (gate) {
    if (gate.status === 'rejected' || gate.blockers.length > 0) {
      return {
        action: gate.blockers.length
          ? `Resolve for “${gate.title}”: ${gate.blockers[0]}`
          : `Answer the rejection of “${gate.title}”`,
        owner: `Requester (${shortRef(status.record.requestedBy)})`,
      };
    }
    const waiting = gateAwaits(status, gate).map(a => a.role);
    return {
      action: `Decide “${gate.title}”`,
      owner: waiting
        .map(r => `${roleLabel(r)} (${shortRef(status.record.roles[r])})`)
        .join(', '),
    };
  }
  if (status.nextStage) {
    return {
      action: `Move to ${stageLabel(status.nextStage)}`,
      owner: `${roleLabel('technicalOwner')} (${shortRef(
        status.record.roles.technicalOwner,
      )})`,
    };
  }
  return undefined;
}

/** Overview card: stage, open gates, health, the next action and its owner. */
export function StatusCard() {
  const { entity } = useEntity();
  const recordRef = recordRefOf(entity);
  const { status, loading, error } = useGovernanceStatus(recordRef);
  const monitoring = useMonitoring(recordRef);
  const tabLink = useEntityTabLink();
  const deepLink = {
    title: 'Open integration governance',
    link: tabLink(recordRef),
  };

  let body;
  if (loading) body = <Progress />;
  else if (error) {
    body =
      error instanceof ResponseError && error.statusCode === 404 ? (
        <EmptyState missing="info" title="No governance record yet" />
      ) : (
        <ResponseErrorPanel
          error={error}
          title="Could not load the governance status"
        />
      );
  } else if (status) {
    const openGates = status.gates.filter(g => !isGateClosed(g.status));
    const overdue = openGates.filter(
      g => new Date(g.dueAt).getTime() < Date.now(),
    ).length;
    const next = nextAction(status);
    body = (
      <Box
        display="grid"
        style={{
          gridTemplateColumns: 'auto 1fr',
          gap: 8,
          alignItems: 'center',
        }}
      >
        <Typography variant="body2" color="textSecondary">
          Stage
        </Typography>
        <Typography variant="body1" data-testid="card-stage">
          {stageLabel(status.record.stage)}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Open gates
        </Typography>
        <Typography variant="body1" data-testid="card-open-gates">
          {openGates.length}
          {overdue > 0 && ` (${overdue} overdue)`}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Health
        </Typography>
        <Box>
          {monitoring.summary ? (
            <HealthChip
              health={monitoring.summary.health}
              reason={monitoring.summary.reason}
            />
          ) : (
            <HealthChip health="unknown" />
          )}
        </Box>
        <Typography variant="body2" color="textSecondary">
          Next action
        </Typography>
        <Typography variant="body1" data-testid="card-next-action">
          {next ? (
            <>
              {next.action}
              <br />
              <Typography
                component="span"
                variant="body2"
                color="textSecondary"
              >
                Owner: {next.owner}
              </Typography>
            </>
          ) : (
            'None'
          )}
        </Typography>
      </Box>
    );
  }
  return (
    <InfoCard title="Integration governance" deepLink={deepLink}>
      {body}
    </InfoCard>
  );
}
