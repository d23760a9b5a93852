import { parseEntityRef } from '@backstage/catalog-model';
import { ENTITY_TAB_PATH } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The notification topics of governance notices. Stable ids: the notifications settings page
 * lists them under this plugin's origin, and a user who mutes one keeps it muted.
 */
export const TOPICS = {
  gateActionable: 'healthcare-integration:gate-actionable',
  decision: 'healthcare-integration:decision',
  approvalStale: 'healthcare-integration:approval-stale',
  changeRequest: 'healthcare-integration:change-request',
  sla: 'healthcare-integration:sla',
  escalation: 'healthcare-integration:sla-escalation',
  evidenceExpiry: 'healthcare-integration:evidence-expiry',
  digest: 'healthcare-integration:digest',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** What each topic is, in words (documentation and the notices' metadata). */
export const TOPIC_TITLES: Record<Topic, string> = {
  [TOPICS.gateActionable]: 'A gate is waiting for your review',
  [TOPICS.decision]: 'A gate was approved, rejected or sent back',
  [TOPICS.approvalStale]: 'An approval went stale or a gate reopened',
  [TOPICS.changeRequest]: 'A change request moved',
  [TOPICS.sla]: 'A review is due soon or overdue',
  [TOPICS.escalation]: 'An overdue review was escalated',
  [TOPICS.evidenceExpiry]: 'Evidence is about to expire',
  [TOPICS.digest]: 'Notices held back over the hourly limit',
};

/** Where a notice points: the record's governance tab, opened at the gate, change or evidence. */
export type Focus =
  | { gate: string }
  | { change: string }
  | { evidence: string };

export function governanceLink(entityRef: string, focus: Focus): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const [key, value] = Object.entries(focus)[0];
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/${ENTITY_TAB_PATH}?${key}=${encodeURIComponent(
    value,
  )}`;
}
