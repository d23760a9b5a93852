import type { ApprovalCheck } from '@hcig/backstage-plugin-healthcare-integration-node';
import { mappingApprovalCheck } from './mapping/mappingApprovalCheck';

/**
 * The checks the plugin itself brings. Every engine the plugin or a test builds registers
 * these, then those that modules added through the extension point.
 */
export const BUILT_IN_APPROVAL_CHECKS: readonly ApprovalCheck[] = [
  mappingApprovalCheck,
];
