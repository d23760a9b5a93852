/**
 * The engine moved to `../engine/` (one concern per file). These names stay for the modules
 * and tests written against them.
 */
export { GovernanceEngine as GovernanceService } from '../engine/GovernanceEngine';
export type {
  Actor,
  ApprovalCheck,
  RecordMutation,
} from '../engine/GovernanceEngine';
export { parseInput } from '../engine/errors';
export { normalizeRef } from '../engine/refs';
