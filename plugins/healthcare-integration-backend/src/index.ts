/**
 * Backend plugin for healthcare integration governance.
 *
 * @packageDocumentation
 */
export { healthcareIntegrationPlugin as default } from './plugin';
export { verifyChain, chainHash, GENESIS_HASH } from './database/auditChain';
export {
  verifyEvidencePack,
  runVerifierCli,
  UsageError,
  VERIFIER_USAGE,
  type PackVerification,
  type VerifyOptions,
} from './audit/verifyEvidencePack';
export type { EvidencePack } from './audit/evidencePack';
export {
  generateSigningKey,
  parseKeys,
  type KeysDocument,
} from './audit/signingKeys';
export {
  integrationResourceRef,
  integrationPermissionRules,
} from './permissions/resource';
export {
  healthcareIntegrationPolicyDecision,
  healthcareIntegrationConditions,
  type HealthcareIntegrationPolicyOptions,
} from './permissions/policy';
export { MONITORING_TOPIC } from './plugin';
export {
  runPolicyPreviewCli,
  PreviewUsageError,
  PREVIEW_USAGE,
} from './policyPreview/previewCli';
