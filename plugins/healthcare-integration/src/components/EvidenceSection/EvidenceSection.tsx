import React, { useState } from 'react';
import { itemAnchorId } from '../RemainingWork/deepLinks';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EVIDENCE_KIND_LABELS,
  isSafeHttpUrl,
  labelOf,
  type Evidence,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../../api';
import { useAction } from '../../hooks/useAction';
import { saveBlob } from '../../files';
import { formatBytes, formatDateTime } from '../../format';
import { EvidenceUpload } from '../EvidenceUpload';
import { ShortHash } from '../ShortHash';
import { PersonName } from '../PersonName';

export interface EvidenceSectionProps {
  recordRef: string;
  evidence: Evidence[];
  canUpload: boolean;
  /** Called after an upload; the status (gates, blockers) must be refetched. */
  onChanged(): void;
}

/**
 * The title of linked evidence: a link only for an http(s) URL. Anything else a record holds
 * (stored before the API refused it, or written around the API) is shown as text and never
 * handed to `href` — Backstage's Link throws on `javascript:`, which took the whole tab down.
 */
export function EvidenceLink(props: { url: string; title: string }) {
  if (isSafeHttpUrl(props.url))
    return <Link to={props.url}>{props.title}</Link>;
  return (
    <>
      {props.title}
      <Typography
        variant="caption"
        component="div"
        color="error"
        data-testid="unsafe-evidence-link"
      >
        unsafe link not opened:{' '}
        <span style={{ wordBreak: 'break-all' }}>{String(props.url)}</span>
      </Typography>
    </>
  );
}

/** Evidence with SHA-256, uploader, expiry and the superseded history; upload when allowed. */
export function EvidenceSection(props: EvidenceSectionProps) {
  const api = useApi(healthcareIntegrationApiRef);
  const { run } = useAction();
  const [showHistory, setShowHistory] = useState(false);
  const current = props.evidence.filter(e => !e.supersededBy);
  const shown = showHistory ? props.evidence : current;
  const titleOf = (id?: string) =>
    props.evidence.find(e => e.id === id)?.title ?? id;

  const download = (ev: Evidence) =>
    run(async () =>
      saveBlob(await api.getEvidenceContent(props.recordRef, ev.id), ev.title),
    );

  return (
    <InfoCard
      title="Evidence"
      subheader="Never deleted: a new version supersedes the old one"
      action={
        <FormControlLabel
          control={
            <Switch
              checked={showHistory}
              onChange={e => setShowHistory(e.target.checked)}
              color="primary"
            />
          }
          label={`Show superseded (${props.evidence.length - current.length})`}
        />
      }
    >
      {shown.length === 0 ? (
        <EmptyState
          missing="data"
          title="No evidence yet"
          description="Upload mapping specs, test results, reviews and agreements here."
        />
      ) : (
        <Table size="small" aria-label="Evidence">
          <TableHead>
            <TableRow>
              <TableCell>Title</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>SHA-256</TableCell>
              <TableCell>Uploaded</TableCell>
              <TableCell>Expires</TableCell>
              <TableCell>History</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(ev => (
              <TableRow
                key={ev.id}
                id={itemAnchorId('evidence', ev.id)}
                data-testid="evidence-row"
              >
                <TableCell>
                  {ev.url ? (
                    <EvidenceLink url={ev.url} title={ev.title} />
                  ) : (
                    ev.title
                  )}
                  {!ev.url && (
                    <div>
                      {formatBytes(ev.sizeBytes)} · {ev.mediaType}
                    </div>
                  )}
                </TableCell>
                <TableCell>{labelOf(EVIDENCE_KIND_LABELS, ev.kind)}</TableCell>
                <TableCell>
                  <ShortHash hash={ev.sha256} />
                </TableCell>
                <TableCell>
                  <PersonName entityRef={ev.uploadedBy} />
                  <div>{formatDateTime(ev.uploadedAt)}</div>
                </TableCell>
                <TableCell>
                  {ev.expiresAt ? formatDateTime(ev.expiresAt) : '—'}
                  {ev.expired && (
                    <Chip size="small" label="expired" color="secondary" />
                  )}
                </TableCell>
                <TableCell>
                  {ev.supersededBy && (
                    <div>superseded by {titleOf(ev.supersededBy)}</div>
                  )}
                  {ev.supersedes && (
                    <div>supersedes {titleOf(ev.supersedes)}</div>
                  )}
                </TableCell>
                <TableCell>
                  {!ev.url && (
                    <Button size="small" onClick={() => download(ev)}>
                      Download
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {props.canUpload && (
        <EvidenceUpload
          recordRef={props.recordRef}
          current={current}
          onUploaded={props.onChanged}
        />
      )}
    </InfoCard>
  );
}
