import React from 'react';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type { MonitoringException } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Where an exception's latest alert came from: runbook, the rule (Prometheus' generator URL),
 * the Alertmanager that sent it, the fingerprint; and the resolved exception it re-opens.
 */
export function ExceptionDetails(props: { exception: MonitoringException }) {
  const { links, reopenedFrom } = props.exception;
  const items = [
    links?.runbookURL && { label: 'Runbook', href: links.runbookURL },
    links?.generatorURL && { label: 'Rule', href: links.generatorURL },
    links?.alertmanagerURL && {
      label: 'Alertmanager',
      href: links.alertmanagerURL,
    },
  ].filter(Boolean) as Array<{ label: string; href: string }>;
  if (!items.length && !links?.fingerprint && !reopenedFrom && !links?.source)
    return null;
  return (
    <Typography variant="caption" component="div" color="textSecondary">
      {items.map((item, i) => (
        <React.Fragment key={item.label}>
          {i > 0 && ' · '}
          <Link to={item.href} target="_blank" rel="noopener noreferrer">
            {item.label}
          </Link>
        </React.Fragment>
      ))}
      {links?.source && <div>Source: {links.source}</div>}
      {links?.fingerprint && <div>Fingerprint: {links.fingerprint}</div>}
      {reopenedFrom && (
        <div>
          Re-opened: fired again after {reopenedFrom.slice(0, 8)} was resolved
        </div>
      )}
    </Typography>
  );
}
