/**
 * A rule's answer when an action is not allowed. The backend turns it into a 4xx naming the
 * rule; the UI uses the same answer to decide what to offer, so the two cannot drift apart.
 */
export type RefusalKind = 'not-allowed' | 'conflict' | 'invalid';

export interface Refusal {
  /** Stable id of the rule, e.g. `requester-cannot-decide`. */
  rule: string;
  kind: RefusalKind;
  message: string;
}

export function refuse(
  rule: string,
  kind: RefusalKind,
  message: string,
): Refusal {
  return { rule, kind, message };
}

/** The refusal as one sentence that names the rule (what API errors say). */
export function describeRefusal(r: Refusal): string {
  return `${r.message} (rule: ${r.rule})`;
}
