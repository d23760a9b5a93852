import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Topic } from './topics';

/** The notice rules, as named in claims, logs and the README's table. */
export type NoticeRule =
  | 'gate-actionable'
  | 'decision'
  | 'approval-stale'
  | 'change-request'
  | 'sla-due-soon'
  | 'sla-overdue'
  | 'sla-escalation'
  | 'evidence-expiry';

/** What happened to a change request, as its notices name it. */
export type ChangeEvent =
  | 'opened'
  | 'authorised'
  | 'implemented'
  | 'closed'
  | 'cancelled';

/** One notification to send, at most once: `key` is claimed before it is sent. */
export interface Notice {
  rule: NoticeRule;
  /** Unique per rule, record, gate or change and event: the claim that deduplicates. */
  key: string;
  entityRef: string;
  /** User or group refs (a group reaches its members). */
  recipients: string[];
  /** Users not to tell, e.g. whoever acted. */
  exclude: string[];
  payload: NotificationSendOptions['payload'] & { topic: Topic; link: string };
  /** Set for change-request notices: the send is recorded on the change and in the audit chain. */
  change?: { id: string; event: ChangeEvent };
}
