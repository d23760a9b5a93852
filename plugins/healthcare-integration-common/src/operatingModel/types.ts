import type { OperatingModelDiff } from './diff';
import type { OperatingModelDocument } from './document';

/** The operating model as the API sends it (GET …/operating-model and its versions). */

export interface OperatingModelVersionSummary {
  version: number;
  /** SHA-256 of the document's canonical JSON; the audit chain records it. */
  contentHash: string;
  /** `intake`, or the change request whose implementation made this version. */
  reason: string;
  createdAt: string;
}

export interface OperatingModelVersion extends OperatingModelVersionSummary {
  document: OperatingModelDocument;
  markdown: string;
}

export interface OperatingModelView {
  entityRef: string;
  current: OperatingModelVersion;
  /** Every version, oldest first. */
  versions: OperatingModelVersionSummary[];
}

export interface OperatingModelDiffView {
  entityRef: string;
  from: number;
  to: number;
  diff: OperatingModelDiff;
}
