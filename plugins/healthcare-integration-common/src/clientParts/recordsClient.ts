import type { GovernanceStatus, InboxItem, PortfolioPage } from '../types';
import type {
  CreateIntegrationRequest,
  MoveStageRequest,
  OpenChangeRequestRequest,
  PortfolioQuery,
  UpdateChangeRequestRequest,
  UpdateIntegrationRequest,
} from '../schemas';
import type { DecideRecordChangeRequest } from '../recordChangeSchemas';
import type { GovernancePolicy } from '../policy';
import type { CatalogEntityPage } from '../catalogFeed';
import {
  ClientTransport,
  recordPath,
  withQuery,
  type RequestOptions,
} from './transport';

import type {
  PolicyPreviewRequest,
  PolicyPreviewResponse,
  PolicyVersionDetail,
  PolicyVersionList,
} from '../policyPreview';

/** The record: policy, portfolio, intake, edits and record changes, stage moves, change requests, inbox. */
export abstract class RecordsClient extends ClientTransport {
  getPolicy(
    opts?: RequestOptions,
  ): Promise<{ policy: GovernancePolicy; hash: string }> {
    return this.request('GET', '/policy', undefined, opts);
  }

  /**
   * What a candidate policy would do across the portfolio: per integration, gates added,
   * removed or changed and approvals that stay valid or go stale; totals. Nothing is written.
   */
  previewPolicy(
    body: PolicyPreviewRequest,
    opts?: RequestOptions,
  ): Promise<PolicyPreviewResponse> {
    return this.request('POST', '/policy/preview', body, opts);
  }

  /** Versions of the running policy, oldest first, with the verification of their hash chain. */
  listPolicyVersions(opts?: RequestOptions): Promise<PolicyVersionList> {
    return this.request('GET', '/policy/versions', undefined, opts);
  }

  /** One recorded policy version with its canonical policy text. */
  getPolicyVersion(
    seq: number,
    opts?: RequestOptions,
  ): Promise<PolicyVersionDetail> {
    return this.request(
      'GET',
      `/policy/versions/${encodeURIComponent(String(seq))}`,
      undefined,
      opts,
    );
  }

  listIntegrations(
    query: PortfolioQuery = {},
    opts?: RequestOptions,
  ): Promise<PortfolioPage> {
    return this.request(
      'GET',
      withQuery('/integrations', query as Record<string, string | number>),
      undefined,
      opts,
    );
  }

  createIntegration(
    body: CreateIntegrationRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request('POST', '/integrations', body, opts);
  }

  getStatus(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request('GET', recordPath(entityRef), undefined, opts);
  }

  /**
   * Edits the record. Title and descriptive profile fields change at once; role holders and
   * governed profile fields become a proposed record change (HTTP 202), listed in the returned
   * status's `recordChanges` until the policy's approvers decide it.
   */
  updateIntegration(
    entityRef: string,
    body: UpdateIntegrationRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request('PATCH', recordPath(entityRef), body, opts);
  }

  /** Approves or rejects a proposed record change (the policy's recordChanges.approverRoles). */
  decideRecordChange(
    entityRef: string,
    changeId: string,
    body: DecideRecordChangeRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/record-changes/${encodeURIComponent(
        changeId,
      )}/decisions`,
      body,
      opts,
    );
  }

  /** Withdraws a pending record change (its proposer only). */
  withdrawRecordChange(
    entityRef: string,
    changeId: string,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/record-changes/${encodeURIComponent(
        changeId,
      )}/withdraw`,
      {},
      opts,
    );
  }

  moveStage(
    entityRef: string,
    body: MoveStageRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request('POST', `${recordPath(entityRef)}/stage`, body, opts);
  }

  openChangeRequest(
    entityRef: string,
    body: OpenChangeRequestRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/change-requests`,
      body,
      opts,
    );
  }

  moveChangeRequest(
    entityRef: string,
    changeId: string,
    to: string,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/change-requests/${encodeURIComponent(
        changeId,
      )}/transition`,
      { to },
      opts,
    );
  }

  /** Edits an open change request's summary, impact assessment, rollback plan or notify list. */
  updateChangeRequest(
    entityRef: string,
    changeId: string,
    body: UpdateChangeRequestRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'PATCH',
      `${recordPath(entityRef)}/change-requests/${encodeURIComponent(
        changeId,
      )}`,
      body,
      opts,
    );
  }

  /** Every record in the shape the catalog module publishes as entities, cursor-paged. */
  listCatalogEntities(
    query: { limit?: number; cursor?: string } = {},
    opts?: RequestOptions,
  ): Promise<CatalogEntityPage> {
    return this.request(
      'GET',
      withQuery('/catalog-entities', query),
      undefined,
      opts,
    );
  }

  getInbox(
    query: { limit?: number } = {},
    opts?: RequestOptions,
  ): Promise<{ items: InboxItem[]; hasMore: boolean }> {
    return this.request('GET', withQuery('/inbox', query), undefined, opts);
  }
}
