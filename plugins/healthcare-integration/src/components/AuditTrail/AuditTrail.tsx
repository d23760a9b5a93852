import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Alert from '@material-ui/lab/Alert';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ChainVerification } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { useAuditTrail } from '../../hooks/useAuditTrail';
import { saveBlob } from '../../files';
import { formatDateTime, shortRef } from '../../format';
import { ShortHash } from '../ShortHash';

export interface AuditTrailProps {
  recordRef: string;
  /** The chain head from the status; the trail refetches when it moves. */
  headSeq: number;
  canRead: boolean;
  canExport: boolean;
}

const PAGE = 20;

/** The hash-chained audit trail, newest first, with verification and the evidence pack. */
export function AuditTrail(props: AuditTrailProps) {
  const api = useApi(healthcareIntegrationApiRef);
  const trail = useAuditTrail(props.recordRef, props.headSeq, props.canRead);
  const { pending, run } = useAction();
  const [verification, setVerification] = useState<ChainVerification>();
  const [page, setPage] = useState(0);

  const verify = async () => {
    setVerification(undefined);
    const result = await run(() => api.verifyAuditTrail(props.recordRef));
    if (result) setVerification(result);
  };

  const exportPack = () =>
    run(async () => {
      const blob = await api.exportEvidencePack(props.recordRef);
      const { namespace, name } = parseEntityRef(props.recordRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      saveBlob(blob, `evidence-pack-${namespace}-${name}.json`);
    }, 'Evidence pack downloaded');

  const downloadReport = () =>
    run(async () => {
      const blob = await api.getAuditReport(props.recordRef);
      const { namespace, name } = parseEntityRef(props.recordRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      saveBlob(blob, `audit-report-${namespace}-${name}.html`);
    }, 'Audit report downloaded');

  const actions = (
    <Box display="flex" style={{ gap: 8 }}>
      {props.canRead && (
        <Button variant="outlined" disabled={pending} onClick={verify}>
          Verify chain
        </Button>
      )}
      {props.canExport && (
        <Button variant="outlined" disabled={pending} onClick={exportPack}>
          Export evidence pack
        </Button>
      )}
      {props.canExport && (
        <Button variant="outlined" disabled={pending} onClick={downloadReport}>
          Audit report
        </Button>
      )}
    </Box>
  );

  let body;
  if (!props.canRead) {
    body = (
      <EmptyState missing="info" title="You may not read this audit trail" />
    );
  } else if (trail.loading && !trail.value) {
    body = <Progress />;
  } else if (trail.error) {
    body = (
      <ResponseErrorPanel
        error={trail.error}
        title="Could not load the audit trail"
      />
    );
  } else if (!trail.value?.length) {
    body = <EmptyState missing="data" title="No audit events" />;
  } else {
    const newestFirst = [...trail.value].sort((a, b) => b.seq - a.seq);
    body = (
      <>
        <Table size="small" aria-label="Audit trail">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Subject</TableCell>
              <TableCell>Hash</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {newestFirst.slice(page * PAGE, (page + 1) * PAGE).map(ev => (
              <TableRow key={ev.seq} data-testid="audit-row">
                <TableCell>{ev.seq}</TableCell>
                <TableCell>{formatDateTime(ev.at)}</TableCell>
                <TableCell>{shortRef(ev.actor)}</TableCell>
                <TableCell>{ev.action}</TableCell>
                <TableCell>{ev.subject}</TableCell>
                <TableCell>
                  <ShortHash hash={ev.hash} label="event hash" />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {newestFirst.length > PAGE && (
          <TablePagination
            component="div"
            count={newestFirst.length}
            page={page}
            rowsPerPage={PAGE}
            rowsPerPageOptions={[PAGE]}
            onPageChange={(_, p) => setPage(p)}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Audit trail"
      subheader="Append-only; each event hashes the one before it"
      action={actions}
    >
      {verification && (
        <Box mb={2}>
          {verification.ok ? (
            <Alert severity="success" data-testid="chain-verification">
              Chain ok: {verification.events} events verified, head{' '}
              {verification.head.slice(0, 12)}…
            </Alert>
          ) : (
            <Alert severity="error" data-testid="chain-verification">
              Chain broken at seq {verification.firstBrokenSeq ?? '?'}
              {verification.reason ? `: ${verification.reason}` : ''}
            </Alert>
          )}
        </Box>
      )}
      {body}
    </InfoCard>
  );
}
