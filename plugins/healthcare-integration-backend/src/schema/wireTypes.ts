// The response types as the schema generator reads them (scripts/responseSchemas.ts): the
// shared model's types, the backend's audit documents, and names for the generic pages.
// Type-only: nothing here runs.
import type {
  AuditEvent,
  IngestProblem,
  InboxItem,
  PortfolioPage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { PackCheckpoint, SignedCheckpoint } from '../audit/checkpoints';

export type {
  AlertmanagerIngestResult,
  CatalogEntityPage,
  Evidence,
  GovernanceStatus,
  IngestResult,
  MappingReview,
  MappingRunResult,
  MappingValidationResult,
  MonitoringSummary,
  OperatingModelDiffView,
  OperatingModelVersion,
  OperatingModelView,
  PolicyPreviewResponse,
  PolicyVersionDetail,
  PolicyVersionList,
} from '@hcig/backstage-plugin-healthcare-integration-common';
export type { EffectivePolicy } from '../config/readPolicy';
export type { DatabaseVerification } from '../audit/databaseVerification';
export type { EvidencePack } from '../audit/evidencePack';
export type { KeysDocument } from '../audit/signingKeys';

export type IntegrationSummaryPage = PortfolioPage;

export interface InboxPage {
  items: InboxItem[];
  hasMore: boolean;
}

export interface IngestProblemList {
  items: IngestProblem[];
}

export interface AuditEventList {
  items: AuditEvent[];
}

export type IntegrationCheckpoint =
  | PackCheckpoint
  | { checkpoint: null; reason: string };

export interface CheckpointList {
  items: Array<
    SignedCheckpoint & { archivedAt?: string; timestamped: boolean }
  >;
  nextBefore?: number;
}
