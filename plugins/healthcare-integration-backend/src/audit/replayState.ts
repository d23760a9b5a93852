/**
 * The shapes replay produces and binding compares: the state bound to the chain, the decisions
 * with what the approver saw, and the provenance that lets a difference name its event.
 */

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Maybe<T> = T | typeof UNKNOWN;

/** The state that is bound to the chain, in a shape both sides are converted to. */
export interface BoundState {
  integration: {
    title?: string;
    stage?: string;
    profile?: Record<string, unknown>;
    roles?: Record<string, unknown>;
    requestedBy?: string;
    createdAt?: string;
    profileRevision?: number;
    policyHash?: string;
  };
  gates: Map<string, BoundGate>;
  evidence: Map<string, Record<string, unknown>>;
  tests: Map<string, Record<string, unknown>>;
  changeRequests: Map<string, Record<string, unknown>>;
  recordChanges: Map<
    string,
    Record<string, unknown> & {
      decisions: Map<string, Record<string, unknown>>;
    }
  >;
  exceptions: Map<string, Record<string, unknown>>;
  mapping: {
    versions: Map<string, Record<string, unknown>>;
    confirmations: Map<string, Record<string, unknown>>;
  };
  /** Operating-model versions by `v<n>`: hash, reason and time. */
  operatingModel: Map<string, Record<string, unknown>>;
}

export interface BoundGate {
  status?: string;
  reopenReason?: string;
  waiver?: Record<string, unknown>;
  decisions: Map<string, Record<string, unknown>>;
}

/** One gate decision as the chain recorded it, with what the approver had in front of them. */
export interface ReplayedDecision {
  gateId: string;
  key: string;
  seq: number;
  role: string;
  decision: string;
  decidedBy: string;
  decidedAt: string;
  comment: string;
  round: number;
  /** Current evidence of the gate's kinds when the decision was made (needs the gate's kinds). */
  evidenceSeen?: string[];
  /** Whether that evidence (and test matrix) hashes to the digest the decision recorded. */
  digestMatches?: boolean;
}

export interface Replay {
  state: BoundState;
  /** Path (as `pathKey` builds it) → sequence number of the event that last set it. */
  provenance: Map<string, number>;
  decisions: ReplayedDecision[];
  /** Actions the replay does not know (counted, not interpreted). */
  unknownActions: string[];
  events: number;
}

/** What replay may know of a gate beyond the chain, to say which evidence an approver saw. */
export interface GateCoverage {
  evidenceKinds: string[];
  requiresTestMatrix: boolean;
}

export const pathKey = (path: string[]) => JSON.stringify(path);

export function emptyState(): BoundState {
  return {
    integration: {},
    gates: new Map(),
    evidence: new Map(),
    tests: new Map(),
    changeRequests: new Map(),
    recordChanges: new Map(),
    exceptions: new Map(),
    mapping: { versions: new Map(), confirmations: new Map() },
    operatingModel: new Map(),
  };
}

/** The n-th decision of a role on a gate (1-based, in time order): how both sides key decisions. */
export const decisionKey = (role: string, n: number) => `${role} #${n}`;
