import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { Role } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Actor } from '../engine/types';
import type { MonitoringDeps } from './deps';
import { refreshHealth } from './healthUpdates';
import type { ExceptionRow } from './rows';

/**
 * Acknowledges or resolves an exception. Only a holder of the role it is routed to may do so;
 * the update is conditional on the status read, so two people acting at once do not both win.
 */
export async function transitionException(
  deps: MonitoringDeps,
  entityRef: string,
  exceptionId: string,
  to: 'acknowledged' | 'resolved',
  actor: Actor,
): Promise<void> {
  const record = await deps.governance.getRecordRow(entityRef);
  if (!record) throw new NotFoundError(`No governance record for ${entityRef}`);
  const held = await deps.roles.rolesOf(actor.ref, JSON.parse(record.roles));
  const now = deps.clock().toISOString();
  await deps.db.transaction(async tx => {
    const ex = await tx<ExceptionRow>('hip_exceptions')
      .where({ id: exceptionId, entity_ref: entityRef })
      .first();
    if (!ex)
      throw new NotFoundError(`No exception ${exceptionId} on ${entityRef}`);
    if (!held.includes(ex.routed_role as Role)) {
      throw new NotAllowedError(
        `Exception ${exceptionId} is routed to the ${ex.routed_role} (${ex.routed_to}); ${actor.ref} does not hold that role`,
      );
    }
    if (ex.status === 'resolved' || ex.status === to) {
      throw new ConflictError(
        `Exception ${exceptionId} is already ${ex.status}`,
      );
    }
    const update =
      to === 'acknowledged'
        ? { status: to, acknowledged_by: actor.ref, acknowledged_at: now }
        : {
            status: to,
            resolved_by: actor.ref,
            resolved_at: now,
            open_key: null,
          };
    const changed = await tx('hip_exceptions')
      .where({ id: exceptionId, status: ex.status })
      .update(update);
    if (!changed)
      throw new ConflictError(
        `Exception ${exceptionId} changed meanwhile; reload`,
      );
    await refreshHealth(tx, [entityRef], now, false);
    await deps.governance.appendAuditInTransaction(
      tx,
      entityRef,
      [
        {
          actor: actor.ref,
          action: `exception.${to}`,
          subject: exceptionId,
          payload: {
            category: ex.category,
            kind: ex.kind,
            count: Number(ex.count),
          },
        },
      ],
      now,
    );
  });
  deps.recordsChanged?.([entityRef]);
}
