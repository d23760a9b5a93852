import type { ChainVerification } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { BindingResult } from './binding';

/**
 * What the offline verifier found, and the exit code it maps to: the most fundamental kind of
 * finding decides (tampering over trust over currency).
 */

export type FindingKind = 'integrity' | 'trust' | 'stale';

export interface Finding {
  kind: FindingKind;
  message: string;
}

export interface PackVerification {
  ok: boolean;
  exitCode: 0 | 1 | 3 | 4;
  chain: ChainVerification;
  binding?: BindingResult;
  /** Every finding, most fundamental first. */
  findings: Finding[];
  /** The findings' messages. */
  problems: string[];
  /** What was verified, for the OK line. */
  summary: string;
}

/** A pack's hashes are shown shortened in findings: enough to tell them apart. */
export const h12 = (hash: string | undefined) =>
  `${String(hash ?? '').slice(0, 12)}…`;

function exitCodeOf(findings: Finding[]): PackVerification['exitCode'] {
  if (findings.some(f => f.kind === 'integrity')) return 1;
  if (findings.some(f => f.kind === 'trust')) return 3;
  if (findings.some(f => f.kind === 'stale')) return 4;
  return 0;
}

/** The verification of a pack from its findings. */
export function packVerificationOf(
  chain: ChainVerification,
  findings: Finding[],
  summary: string,
  binding?: BindingResult,
): PackVerification {
  const exitCode = exitCodeOf(findings);
  return {
    ok: exitCode === 0,
    exitCode,
    chain,
    binding,
    findings,
    problems: findings.map(f => f.message),
    summary,
  };
}
