import React, { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  isGateClosed,
  nextRemaining,
  remainingWork,
  type GovernanceStatus,
  type MappingReview,
  type MonitoringSummary,
  type RemainingItem,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { recordRefOf } from '../../entity';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import { useGovernanceStatus } from '../../hooks/useGovernanceStatus';
import { useMonitoring } from '../../hooks/useMonitoring';
import { stageLabel } from '../../format';
import { ItemOwner, RemainingWork, itemSearch } from '../RemainingWork';
import { HealthChip } from '../HealthChip';

/** What is left on the record, from the shared rule; monitoring counts once it has loaded. */
export function useRemainingWork(
  status: GovernanceStatus | undefined,
  monitoring: MonitoringSummary | undefined,
  mapping?: MappingReview,
): RemainingItem[] {
  return useMemo(
    () =>
      status
        ? remainingWork({ status, monitoring, mapping, now: new Date() })
        : [],
    [status, monitoring, mapping],
  );
}

/** Overview card: stage, open gates, health, the next action and its owner. */
export function StatusCard() {
  const { entity } = useEntity();
  const recordRef = recordRefOf(entity);
  const { status, loading, error } = useGovernanceStatus(recordRef);
  const monitoring = useMonitoring(recordRef);
  const tabLink = useEntityTabLink();
  const items = useRemainingWork(status, monitoring.summary);
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
    const next = nextRemaining(items);
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
              stage={status.record.stage}
            />
          ) : (
            <HealthChip health="unknown" stage={status.record.stage} />
          )}
        </Box>
        <Typography variant="body2" color="textSecondary">
          Next action
        </Typography>
        <Typography
          variant="body1"
          component="div"
          data-testid="card-next-action"
        >
          {next ? (
            <>
              <Link to={`${tabLink(recordRef)}${itemSearch(next.link)}`}>
                {next.text}
              </Link>
              <br />
              <Typography
                component="span"
                variant="body2"
                color="textSecondary"
              >
                Owner: <ItemOwner item={next} />
              </Typography>
            </>
          ) : (
            'Nothing is left'
          )}
        </Typography>
        {items.length > 1 && (
          <>
            <Typography variant="body2" color="textSecondary">
              Then
            </Typography>
            <RemainingWork
              items={items.filter(i => i !== next)}
              basePath={tabLink(recordRef)}
              limit={3}
            />
          </>
        )}
      </Box>
    );
  }
  return (
    <InfoCard title="Integration governance" deepLink={deepLink}>
      {body}
    </InfoCard>
  );
}
