import type { Knex } from 'knex';
import type {
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
} from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { integrationPermissionRules, type IntegrationQuery } from './resource';

const transform = createConditionTransformer<
  IntegrationQuery,
  typeof integrationPermissionRules
>(integrationPermissionRules);

function apply(
  b: Knex.QueryBuilder,
  criteria: PermissionCriteria<IntegrationQuery>,
): void {
  if (isAndCriteria(criteria)) {
    b.where(w => criteria.allOf.forEach(c => w.andWhere(x => apply(x, c))));
  } else if (isOrCriteria(criteria)) {
    b.where(w => criteria.anyOf.forEach(c => w.orWhere(x => apply(x, c))));
  } else if (isNotCriteria(criteria)) {
    b.whereNot(w => apply(w, criteria.not));
  } else if (criteria.field === 'phi') {
    b.where('phi', true);
  } else if (criteria.field === 'stage') {
    b.whereIn('stage', ['live', 'change']);
  } else {
    const claims = criteria.value;
    b.where(w =>
      w
        .whereIn('requested_by', claims)
        .orWhereIn('entity_ref', q =>
          q
            .select('entity_ref')
            .from('hip_role_holders')
            .whereIn('holder_ref', claims),
        ),
    );
  }
}

/** Criteria a conditional permission decision turns into, applied to `hip_integrations`. */
export type RecordFilter = (b: Knex.QueryBuilder) => void;

/**
 * A conditional permission decision on records as a query filter, so that a list applies the
 * policy's conditions in SQL instead of returning records the caller may not read.
 */
export function conditionToFilter(
  conditions: PermissionCriteria<
    PermissionCondition<string, PermissionRuleParams>
  >,
): RecordFilter {
  const criteria = transform(conditions as any);
  return b => apply(b, criteria);
}
