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
export {
  EVIDENCE_PACK_FORMAT,
  type EvidencePack,
  type EvidenceFile,
  type ExportVerification,
} from './audit/evidencePack';
export {
  generateSigningKey,
  parseKeys,
  KEYS_FORMAT,
  type KeysDocument,
  type PublicKeyEntry,
  type Signature,
  type SigningAlgorithm,
} from './audit/signingKeys';
// The types an evidence pack and its verification are made of (the offline verifier's API).
export type { UnhashedAuditEvent } from './database/auditChain';
export type {
  RecordSections,
  MappingVersionSection,
  MappingConfirmationSection,
  OperatingModelVersionSection,
} from './audit/recordSections';
export { CHECKPOINT_FORMAT } from './audit/checkpoints';
export type {
  PackCheckpoint,
  FullCheckpoint,
  SignedCheckpoint,
  CheckpointLeaf,
  CheckpointBody,
} from './audit/checkpoints';
export type { BindingResult, BindingDifference } from './audit/binding';
export type { Finding, FindingKind } from './audit/packFindings';
export type { CliIo } from './audit/verifierCli';
export {
  integrationResourceRef,
  integrationPermissionRules,
  type IntegrationResource,
  type IntegrationQuery,
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
  type PreviewCliIo,
  PREVIEW_USAGE,
} from './policyPreview/previewCli';
