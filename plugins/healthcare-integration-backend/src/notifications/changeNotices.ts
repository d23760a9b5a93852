import type { ChangeNotificationRow } from '../database/rows';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { ChangeNoticeRecorder } from './dispatcher';

/** The actor of the audit events that record a notice: the backend, not a person. */
export const NOTIFIER_ACTOR = 'system:notifications';

/**
 * Records a change-request notice on the change (the API returns it with the change) and as a
 * `change.notified` event in the record's audit chain, in one transaction under the record lock:
 * how the users named on the change were told.
 */
export function changeNoticeRecorder(
  engine: GovernanceEngine,
): ChangeNoticeRecorder {
  return async (notice, outcome, at) => {
    const change = notice.change!;
    await engine.knex.transaction(async tx => {
      const row: ChangeNotificationRow = {
        entity_ref: notice.entityRef,
        change_id: change.id,
        event: change.event,
        topic: notice.payload.topic,
        recipients: JSON.stringify(notice.recipients),
        sent_at: at,
        outcome,
      };
      await tx('hip_change_notifications').insert(row);
      await engine.appendAuditInTransaction(
        tx,
        notice.entityRef,
        [
          {
            actor: NOTIFIER_ACTOR,
            action: 'change.notified',
            subject: change.id,
            payload: {
              event: change.event,
              topic: notice.payload.topic,
              recipients: notice.recipients,
              excluded: notice.exclude,
              outcome,
            },
          },
        ],
        at,
      );
    });
  };
}
