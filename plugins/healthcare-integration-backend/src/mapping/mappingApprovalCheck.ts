import type { BatchedApprovalCheck } from '../engine/types';
import {
  mappingApprovalBlockers,
  mappingApprovalBlockersOf,
} from '../database/mappingStore';

/** The mapping-review gate is approvable only once the current spec is valid and every row confirmed. */
export const mappingApprovalCheck: BatchedApprovalCheck = {
  id: 'mapping-rows-confirmed',
  gate: { special: 'mappingReview' },
  blockers: ({ db, entityRef }) => mappingApprovalBlockers(db, entityRef),
  blockersOfMany: ({ db, entityRefs }) =>
    mappingApprovalBlockersOf(db, entityRefs),
};
