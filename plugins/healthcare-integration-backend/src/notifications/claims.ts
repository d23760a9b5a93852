import type { Knex } from 'knex';
import { isUniqueViolation } from '../lib/errors';
import type { Notice } from './notice';

/**
 * Claims a notice before it is sent: a unique insert, so that of several backend instances
 * handling the same commit or running the same scheduled check, exactly one sends it.
 */
export async function claimNotice(
  db: Knex,
  notice: Notice,
  now: string,
): Promise<boolean> {
  try {
    await db('hip_notification_claims').insert({
      claim_key: notice.key,
      rule: notice.rule,
      entity_ref: notice.entityRef,
      claimed_at: now,
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
