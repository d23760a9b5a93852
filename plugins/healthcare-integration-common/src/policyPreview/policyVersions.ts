/** What changed from the policy version before, by gate id; all gates are added for the first. */
export interface PolicyGateChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** The verification of the policy versions' own hash chain. */
export type PolicyChainVerification =
  | { verified: true; entries: number }
  | { verified: false; entries: number; brokenAt: number; problem: string };

/** A recorded version of the running policy, as `GET /policy/versions` lists it. */
export interface PolicyVersionSummary {
  seq: number;
  /** SHA-256 of the canonical policy (the hash each record carries for its gates). */
  policyHash: string;
  recordedAt: string;
  changes: PolicyGateChanges;
  prevEntryHash: string;
  entryHash: string;
}

/** The answer of `GET /policy/versions`. */
export interface PolicyVersionList {
  /** The newest version with the policy the answering backend runs, if recorded. */
  running?: { seq: number; policyHash: string };
  /** Oldest first. */
  versions: PolicyVersionSummary[];
  chain: PolicyChainVerification;
}

/** The answer of `GET /policy/versions/{seq}`. */
export interface PolicyVersionDetail extends PolicyVersionSummary {
  /** The canonical policy text; its SHA-256 is `policyHash`. */
  policy: string;
}
