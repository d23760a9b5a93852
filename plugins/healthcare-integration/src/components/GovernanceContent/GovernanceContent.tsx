import React from 'react';
import Grid from '@material-ui/core/Grid';
import { useLocation } from 'react-router-dom';
import {
  isGateClosed,
  type Section,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  EmptyState,
  InfoCard,
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
import { OperatingModelSection, useOperatingModel } from '../OperatingModel';
import { RemainingWork, deepLinkTarget } from '../RemainingWork';
import { useRemainingWork } from '../StatusCard/StatusCard';
import { useMonitoring } from '../../hooks/useMonitoring';
import { mappingCount, useMappingReview } from '../../hooks/useMappingReview';
import { useEntityTabLink } from '../../hooks/useEntityTabLink';
import { SectionNav, sectionAnchorId, type SectionCount } from './SectionNav';
import { useWholeWordTables } from '../wholeWordTables';

/**
 * The "Integration governance" entity tab. What each section offers follows the shared rules,
 * fed with the status's `viewer` (who is looking and the roles the backend resolved for them)
 * and the policy; the permission framework is a further filter.
 */
/** What is left shows its first items (the next ones to act on) until "Show all" is pressed. */
const REMAINING_SHOWN = 6;

export function GovernanceContent() {
  useWholeWordTables();
  const { entity } = useEntity();
  const recordRef = recordRefOf(entity);
  const { status, loading, error, refreshError, retry, update } =
    useGovernanceStatus(recordRef);
  const perms = useRecordPermissions(recordRef);
  const viewer = useViewer();
  const { policy } = usePolicy();
  const monitoring = useMonitoring(recordRef);
  const mapping = useMappingReview(recordRef, status?.auditHead.seq ?? 0);
  const items = useRemainingWork(
    status,
    monitoring.summary,
    mapping.value?.review,
  );
  const tabLink = useEntityTabLink();
  const { search } = useLocation();
  const selected: Section =
    deepLinkTarget(new URLSearchParams(search))?.section ?? 'gates';
  const operatingModel = useOperatingModel(
    recordRef,
    status?.auditHead.seq ?? 0,
  );

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

  const current = status.evidence.filter(e => !e.supersededBy).length;
  const passed = status.tests.filter(
    t => t.result === 'passed' && t.evidenceId,
  ).length;
  const openChanges = status.changeRequests.filter(
    cr => cr.status !== 'closed' && cr.status !== 'cancelled',
  ).length;
  const openExceptions =
    monitoring.summary?.exceptions.filter(e => e.status !== 'resolved')
      .length ?? 0;
  const sections: SectionCount[] = [
    {
      section: 'gates',
      label: 'Gates',
      count: `${status.gates.filter(g => isGateClosed(g.status)).length}/${
        status.gates.length
      }`,
    },
    { section: 'evidence', label: 'Evidence', count: String(current) },
    {
      section: 'tests',
      label: 'Tests',
      count: `${passed}/${status.tests.length}`,
    },
    { section: 'changes', label: 'Changes', count: String(openChanges) },
    {
      section: 'mapping',
      label: 'Mapping',
      count: mappingCount(mapping.value?.review),
    },
    {
      section: 'monitoring',
      label: 'Monitoring',
      count: `${openExceptions} open`,
    },
    {
      section: 'operating-model',
      label: 'Operating model',
      count: operatingModel.value
        ? String(operatingModel.value.versions.length)
        : undefined,
    },
    { section: 'audit', label: 'Audit', count: String(status.auditHead.seq) },
  ];
  const anchor = (section: Section) => ({
    id: sectionAnchorId(section),
    component: 'section' as const,
    'aria-label': sections.find(x => x.section === section)!.label,
    // Controls appear once the permission answers are in; until then the section is busy.
    'aria-busy': perms.loading,
  });
  // One section at a time (the page was 10,000 px tall with all of them): what the URL names, else the gates.
  const sectionBody: Record<Section, React.ReactNode> = {
    gates: (
      <GateTimeline
        recordRef={recordRef}
        status={status}
        policy={policy}
        canDecide={perms.canDecide}
        canWaive={perms.canWaive}
        onStatus={update}
      />
    ),
    evidence: (
      <EvidenceSection
        recordRef={recordRef}
        evidence={status.evidence}
        canUpload={perms.canUpload}
        onChanged={retry}
      />
    ),
    tests: (
      <TestMatrix
        recordRef={recordRef}
        status={status}
        canUpdate={perms.canUpdate}
        onStatus={update}
      />
    ),
    changes: (
      <ChangeRequests
        recordRef={recordRef}
        status={status}
        policy={policy}
        canUpdate={perms.canUpdate}
        onStatus={update}
      />
    ),
    mapping: (
      <MappingReviewSection
        entityRef={recordRef}
        roles={status.record.roles}
        requestedBy={status.record.requestedBy}
        onChanged={retry}
      />
    ),
    monitoring: (
      <MonitoringSection
        recordRef={recordRef}
        canUpdate={perms.canUpdate}
        stage={status.record.stage}
      />
    ),
    'operating-model': (
      <OperatingModelSection recordRef={recordRef} model={operatingModel} />
    ),
    audit: (
      <AuditTrail
        recordRef={recordRef}
        headSeq={status.auditHead.seq}
        canRead={perms.canReadAudit}
        canExport={perms.canExportAudit}
      />
    ),
  };

  return (
    <Grid container spacing={3} alignItems="stretch" data-hip-page="governance">
      {refreshError && (
        <Grid item xs={12}>
          <WarningPanel
            title="Showing the last loaded status"
            message={apiErrorMessage(refreshError)}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="What is left">
          <RemainingWork
            items={items}
            basePath={tabLink(recordRef)}
            limit={REMAINING_SHOWN}
            expandable
          />
        </InfoCard>
      </Grid>
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
        <SectionNav sections={sections} selected={selected} />
      </Grid>
      <Grid item xs={12} {...anchor(selected)}>
        {sectionBody[selected]}
      </Grid>
    </Grid>
  );
}
