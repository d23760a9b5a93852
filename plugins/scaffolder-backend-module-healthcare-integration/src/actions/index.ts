import type { HealthcareActionOptions } from './api';
import { attachEvidenceAction } from './attachEvidence';
import { createIntegrationAction } from './createIntegration';
import { openChangeRequestAction } from './openChangeRequest';
import { validateMappingAction } from './validateMapping';
import { waitForGatesAction } from './waitForGates';

export { GovernanceApi, GovernanceApiError } from './api';
export type {
  HealthcareActionOptions,
  MappingFinding,
  MappingValidationResult,
} from './api';
export {
  createIntegrationAction,
  CREATE_INTEGRATION_ACTION_ID,
} from './createIntegration';
export {
  openChangeRequestAction,
  OPEN_CHANGE_REQUEST_ACTION_ID,
} from './openChangeRequest';
export {
  waitForGatesAction,
  WAIT_FOR_GATES_ACTION_ID,
  WAIT_LIMITS,
} from './waitForGates';
export type { WaitForGatesActionOptions } from './waitForGates';
export {
  attachEvidenceAction,
  ATTACH_EVIDENCE_ACTION_ID,
} from './attachEvidence';
export {
  validateMappingAction,
  VALIDATE_MAPPING_ACTION_ID,
} from './validateMapping';

/** Every action of this module, as the module registers them. */
export function createHealthcareIntegrationActions(
  options: HealthcareActionOptions,
) {
  return [
    createIntegrationAction(options),
    openChangeRequestAction(options),
    waitForGatesAction(options),
    attachEvidenceAction(options),
    validateMappingAction(options),
  ];
}
