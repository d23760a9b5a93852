import type { ApprovalCheck } from '@hcig/backstage-plugin-healthcare-integration-node';
import { mappingApprovalBlockers } from '../database/mappingStore';

/** The mapping-review gate is approvable only once the current spec is valid and every row confirmed. */
export const mappingApprovalCheck: ApprovalCheck = {
  id: 'mapping-rows-confirmed',
  gate: { special: 'mappingReview' },
  blockers: ({ db, entityRef }) => mappingApprovalBlockers(db, entityRef),
};
