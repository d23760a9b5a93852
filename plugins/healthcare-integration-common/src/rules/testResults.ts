import { EVIDENCE_KIND_LABELS, ROLE_LABELS } from '../labels';
import type { EvidenceKind } from '../types';
import { type Refusal, refuse } from './refusal';
import type { Decider } from './segregation';

/**
 * Who records test results and what they may cite. Pure: the backend enforces these answers;
 * the test matrix offers *Record result* and lists evidence by the same answers.
 */

/** Evidence a test result may cite: a report of a test run, not a design document. */
export const TEST_EVIDENCE_KINDS: readonly EvidenceKind[] = ['test-result'];

/** Whether evidence of this kind may back a test result. */
export function isTestEvidence(kind: string): boolean {
  return (TEST_EVIDENCE_KINDS as readonly string[]).includes(kind);
}

/**
 * Why the actor may not record a test result: only a holder of the test owner role does
 * (directly or through a group). Refused rather than accepted and marked, so that a result
 * in the matrix always speaks for the person accountable for the tests.
 */
export function testRecorderRefusal(actor: Decider): Refusal | undefined {
  if (actor.isUser && actor.roles.includes('testOwner')) return undefined;
  return refuse(
    'test-owner-records-results',
    'not-allowed',
    `Only the ${ROLE_LABELS.testOwner.toLocaleLowerCase(
      'en-US',
    )} records test results; ${actor.ref} does not hold that role`,
  );
}

/** Why a test result may not cite this evidence: it must be test evidence. */
export function testEvidenceRefusal(evidence: {
  id: string;
  kind: string;
}): Refusal | undefined {
  if (isTestEvidence(evidence.kind)) return undefined;
  const expected = TEST_EVIDENCE_KINDS.map(k => EVIDENCE_KIND_LABELS[k]).join(
    ' or ',
  );
  const actual =
    EVIDENCE_KIND_LABELS[evidence.kind as EvidenceKind] ?? evidence.kind;
  return refuse(
    'test-result-cites-test-evidence',
    'invalid',
    `Invalid evidenceId: a test result cites ${expected} evidence; ${evidence.id} is ${actual}`,
  );
}
