import type { AuditEvent, GovernanceStatus } from '@internal/plugin-healthcare-integration-common';

export const EVIDENCE_PACK_FORMAT = 'healthcare-integration-evidence-pack/v1';

/**
 * What an auditor takes away: the record as it stands, evidence metadata (hashes, not files),
 * and the full audit chain with its head, verifiable offline with `hip-verify-evidence-pack`.
 */
export interface EvidencePack {
  format: typeof EVIDENCE_PACK_FORMAT;
  generatedAt: string;
  generatedBy: string;
  integration: GovernanceStatus['record'];
  gates: GovernanceStatus['gates'];
  evidence: GovernanceStatus['evidence'];
  tests: GovernanceStatus['tests'];
  changeRequests: GovernanceStatus['changeRequests'];
  audit: { head: { seq: number; hash: string }; events: AuditEvent[] };
}

export function buildEvidencePack(
  status: GovernanceStatus,
  events: AuditEvent[],
  generatedBy: string,
  now: Date,
): EvidencePack {
  return {
    format: EVIDENCE_PACK_FORMAT,
    generatedAt: now.toISOString(),
    generatedBy,
    integration: status.record,
    gates: status.gates,
    evidence: status.evidence,
    tests: status.tests,
    changeRequests: status.changeRequests,
    audit: { head: status.auditHead, events },
  };
}
