import type { MonitoringException } from '@hcig/backstage-plugin-healthcare-integration-common';

export interface ExceptionRow {
  id: string;
  entity_ref: string;
  category: string;
  kind: string;
  severity: string;
  status: string;
  count: number;
  routed_role: string;
  routed_to: string;
  first_seen_at: string;
  last_seen_at: string;
  last_message: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  notified_at: string | null;
  notified_count: number;
  open_key: string | null;
  recovered_at?: string | null;
  recovered_by?: string | null;
  reopened_from?: string | null;
  /** JSON of `ExceptionLinks`. */
  links?: string | null;
}

function parseLinks(links: string | null | undefined) {
  if (!links) return undefined;
  try {
    return JSON.parse(links) as MonitoringException['links'];
  } catch {
    return undefined;
  }
}

export function toException(row: ExceptionRow): MonitoringException {
  return {
    id: row.id,
    integrationRef: row.entity_ref,
    category: row.category as MonitoringException['category'],
    kind: row.kind,
    severity: row.severity as MonitoringException['severity'],
    status: row.status as MonitoringException['status'],
    count: Number(row.count),
    routedRole: row.routed_role as MonitoringException['routedRole'],
    routedTo: row.routed_to,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    lastMessage: row.last_message ?? undefined,
    acknowledgedBy: row.acknowledged_by ?? undefined,
    acknowledgedAt: row.acknowledged_at ?? undefined,
    resolvedBy: row.resolved_by ?? undefined,
    resolvedAt: row.resolved_at ?? undefined,
    recoveredAt: row.recovered_at ?? undefined,
    recoveredBy: row.recovered_by ?? undefined,
    reopenedFrom: row.reopened_from ?? undefined,
    links: parseLinks(row.links),
  };
}
