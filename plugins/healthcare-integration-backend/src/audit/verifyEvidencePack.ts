/**
 * The offline verifier's entry point, loaded by `bin/verify-evidence-pack` and the package
 * index. Exit codes (`hip-verify-evidence-pack`, also in docs/audit.md):
 *   0 verified · 1 tampered or inconsistent · 2 usage or unreadable input ·
 *   3 not trusted (no key, a key not pinned, a retired key, an unsigned v1 pack) ·
 *   4 superseded (valid, but a later checkpoint or --max-age-days says it is not current)
 */
export { verifyEvidencePack, type VerifyOptions } from './packVerification';
export type { Finding, FindingKind, PackVerification } from './packFindings';
export { UsageError, VERIFIER_USAGE, runVerifierCli } from './verifierCli';
