import {
  EVIDENCE_KIND_LABELS,
  GATE_STATUS_LABELS,
  TEST_SCENARIO_LABELS,
  labelOf,
} from '../labels';
import {
  blockerText,
  gateBlockerFacts,
  type EvidenceFacts,
  type GateBlocker,
  type GateFacts,
  type TestFacts,
} from './gates';

/**
 * A blocker as a person reads it on the tab: names, not slugs ("no Security review report
 * uploaded yet" rather than "needs security-review evidence"). The engine keeps `blockerText`
 * for refusals and the API, where a client may match on it.
 */
export function blockerInWords(blocker: GateBlocker): string {
  switch (blocker.kind) {
    case 'prerequisite':
      return `“${blocker.title}” comes first (${labelOf(
        GATE_STATUS_LABELS,
        blocker.status,
      ).toLowerCase()})`;
    case 'evidence-missing':
      return `no ${labelOf(
        EVIDENCE_KIND_LABELS,
        blocker.evidenceKind,
      )} uploaded yet`;
    case 'evidence-expired':
      return `the ${labelOf(
        EVIDENCE_KIND_LABELS,
        blocker.evidenceKind,
      )} expired on ${blocker.expiredAt.slice(0, 10)}`;
    default:
      return `tests not yet passed with evidence: ${blocker.scenarios
        .map(s => labelOf(TEST_SCENARIO_LABELS, s))
        .join(', ')}`;
  }
}

/**
 * Everything blocking the gate, in words: the shared rules' blockers worded for people, then
 * those only the backend knows (approval checks of the plugin and of modules, which word their
 * own), as the status's `blockers` carries them.
 */
export function gateBlockersInWords(
  gate: GateFacts & { blockers: string[] },
  allGates: GateFacts[],
  evidence: EvidenceFacts[],
  tests: TestFacts[],
  now: Date,
): string[] {
  const facts = gateBlockerFacts(gate, allGates, evidence, tests, now);
  const ruleTexts = new Set(facts.map(blockerText));
  return [
    ...facts.map(blockerInWords),
    ...gate.blockers.filter(b => !ruleTexts.has(b)),
  ];
}
