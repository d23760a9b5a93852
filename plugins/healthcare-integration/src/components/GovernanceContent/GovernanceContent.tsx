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
import { apiErrorMessage } from '../../errors';
import { useGovernanceStatus } from '../../hooks/useGovernanceStatus';
import { usePolicy } from '../../hooks/usePolicy';
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
import { RecordChanges } from '../RecordChanges';

/**
 * The "Integration governance" entity tab. What each section offers follows the shared rules,
 * fed with the status's `viewer` (who is looking and the roles the backend resolved for them)
 * and the policy; the permission framework is a further filter.
 */
export function GovernanceContent() {
  const { entity } = useEntity();
  const recordRef = recordRefOf(entity);
  const { status, loading, error, refreshError, retry, update } =
    useGovernanceStatus(recordRef);
  const perms = useRecordPermissions(recordRef);
  const viewer = useViewer();
  const { policy } = usePolicy();

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
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the governance status"
      />
    );
  }
  if (!status) return null;

  return (
    <Grid container spacing={3} alignItems="stretch">
      {refreshError && (
        <Grid item xs={12}>
          <WarningPanel
            title="Showing the last loaded status"
            message={apiErrorMessage(refreshError)}
          />
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
      {(status.recordChanges?.length ?? 0) > 0 && (
        <Grid item xs={12}>
          <RecordChanges
            recordRef={recordRef}
            status={status}
            // Until the identity is known, the new-holder rule cannot be checked: no decision offered.
            actorIdentity={
              viewer.loading ? undefined : viewer.ownershipEntityRefs
            }
            canDecide={perms.canDecide}
            canWithdraw={perms.canUpdate}
            onStatus={update}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <GateTimeline
          recordRef={recordRef}
          status={status}
          policy={policy}
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
      {/* Side by side only on wide screens: in half of a 1440 px window the matrix's six
          columns break their headers mid-word. */}
      <Grid item xs={12} xl={6}>
        <TestMatrix
          recordRef={recordRef}
          status={status}
          canUpdate={perms.canUpdate}
          onStatus={update}
        />
      </Grid>
      <Grid item xs={12} xl={6}>
        <ChangeRequests
          recordRef={recordRef}
          status={status}
          policy={policy}
          canUpdate={perms.canUpdate}
          onStatus={update}
        />
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
