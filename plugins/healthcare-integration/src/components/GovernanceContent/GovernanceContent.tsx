import React from 'react';
import Grid from '@material-ui/core/Grid';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { recordRefOf } from '../../entity';
import { useGovernanceStatus } from '../../hooks/useGovernanceStatus';
import { useRecordPermissions } from '../../hooks/useRecordPermissions';
import { useViewer } from '../../hooks/useViewer';
import { AuditTrail } from '../AuditTrail';
import { ChangeRequests } from '../ChangeRequests';
import { EvidenceSection } from '../EvidenceSection';
import { GateTimeline } from '../GateTimeline';
import { LifecycleSummary } from '../LifecycleSummary';
import { MonitoringSection } from '../MonitoringSection';
import { TestMatrix } from '../TestMatrix';
import { MappingReviewSection } from '../MappingReview';

/** The "Integration governance" entity tab. */
export function GovernanceContent() {
  const { entity } = useEntity();
  const recordRef = recordRefOf(entity);
  const { status, loading, error, refreshError, retry, update } = useGovernanceStatus(recordRef);
  const perms = useRecordPermissions(recordRef);
  const viewer = useViewer();

  if (loading) return <Progress />;
  if (error) {
    if (error instanceof ResponseError && error.statusCode === 404) {
      return (
        <EmptyState
          missing="info"
          title="No governance record yet"
          description={`There is no governance record for ${recordRef}. Start one with the intake template, or set the healthcare-integration/record-ref annotation if the record has another ref.`}
        />
      );
    }
    return <ResponseErrorPanel error={error} title="Could not load the governance status" />;
  }
  if (!status) return null;

  return (
    <Grid container spacing={3} alignItems="stretch">
      {refreshError && (
        <Grid item xs={12}>
          <WarningPanel title="Showing the last loaded status" message={refreshError.message} />
        </Grid>
      )}
      <Grid item xs={12}>
        <LifecycleSummary
          recordRef={recordRef}
          status={status}
          canUpdate={perms.canUpdate}
          onStatus={update}
        />
      </Grid>
      <Grid item xs={12}>
        <GateTimeline
          recordRef={recordRef}
          status={status}
          viewerRef={viewer.userEntityRef}
          canDecide={perms.canDecide}
          canWaive={perms.canWaive}
          onStatus={update}
        />
      </Grid>
      <Grid item xs={12}>
        <EvidenceSection
          recordRef={recordRef}
          evidence={status.evidence}
          canUpload={perms.canUpload}
          onChanged={retry}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <TestMatrix recordRef={recordRef} status={status} canUpdate={perms.canUpdate} onStatus={update} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChangeRequests recordRef={recordRef} status={status} canUpdate={perms.canUpdate} onStatus={update} />
      </Grid>
      <Grid item xs={12}>
        <MappingReviewSection
          entityRef={recordRef}
          roles={status.record.roles}
          requestedBy={status.record.requestedBy}
          onChanged={retry}
        />
      </Grid>
      <Grid item xs={12}>
        <MonitoringSection recordRef={recordRef} canUpdate={perms.canUpdate} />
      </Grid>
      <Grid item xs={12}>
        <AuditTrail
          recordRef={recordRef}
          headSeq={status.auditHead.seq}
          canRead={perms.canReadAudit}
          canExport={perms.canExportAudit}
        />
      </Grid>
    </Grid>
  );
}
