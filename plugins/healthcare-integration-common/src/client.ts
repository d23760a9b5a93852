import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  ChainVerification,
  AuditEvent,
  Evidence,
  GovernanceStatus,
  InboxItem,
  IntegrationSummary,
  Page,
  TestScenario,
} from './types';
import type {
  ConfirmWaiverRequest,
  CreateIntegrationRequest,
  DecideGateRequest,
  MoveStageRequest,
  OpenChangeRequestRequest,
  PortfolioQuery,
  RecordTestRequest,
  UpdateIntegrationRequest,
  UploadEvidenceRequest,
  WaiveGateRequest,
} from './schemas';
import type { DecideRecordChangeRequest } from './recordChangeSchemas';
import type { GovernancePolicy } from './policy';
import type {
  IngestResult,
  MonitoringEventInput,
  MonitoringSummary,
} from './monitoring';
import type {
  ConfirmMappingRowRequest,
  DisputeMappingRowRequest,
  MappingReview,
  MappingRunResult,
  MappingValidationResult,
  PutMappingRequest,
  RunMappingRequest,
  ValidateMappingRequest,
} from './mapping';

export const HEALTHCARE_INTEGRATION_PLUGIN_ID = 'healthcare-integration';

/** The subset of Backstage's DiscoveryApi / DiscoveryService the client needs. */
export interface DiscoveryLike {
  getBaseUrl(pluginId: string): Promise<string>;
}
/** The subset of Backstage's FetchApi the client needs. */
export interface FetchLike {
  fetch: typeof fetch;
}

export interface RequestOptions {
  /** A bearer token, for server-side callers (scaffolder actions). The browser's FetchApi adds its own. */
  token?: string;
}

/** Typed client for the healthcare-integration backend, usable in the browser and in Node. */
export class HealthcareIntegrationClient {
  private readonly discovery: DiscoveryLike;
  private readonly fetchFn: typeof fetch;

  constructor(options: { discoveryApi: DiscoveryLike; fetchApi?: FetchLike }) {
    this.discovery = options.discoveryApi;
    this.fetchFn = options.fetchApi?.fetch ?? ((...args) => fetch(...args));
  }

  getPolicy(
    opts?: RequestOptions,
  ): Promise<{ policy: GovernancePolicy; hash: string }> {
    return this.request('GET', '/policy', undefined, opts);
  }

  listIntegrations(
    query: PortfolioQuery = {},
    opts?: RequestOptions,
  ): Promise<Page<IntegrationSummary>> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    return this.request(
      'GET',
      `/integrations${qs ? `?${qs}` : ''}`,
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

  decideGate(
    entityRef: string,
    gateId: string,
    body: DecideGateRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/gates/${encodeURIComponent(gateId)}/decisions`,
      body,
      opts,
    );
  }

  /**
   * Waives a gate with a justification and an expiry (ISO date-time; the policy caps it). Where
   * the policy names a co-approver role, the waiver waits for `confirmWaiver` before it counts.
   */
  waiveGate(
    entityRef: string,
    gateId: string,
    body: WaiveGateRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/gates/${encodeURIComponent(gateId)}/waiver`,
      body,
      opts,
    );
  }

  /** The second person's confirmation of a waiver awaiting `waiver.pendingCoApproval`. */
  confirmWaiver(
    entityRef: string,
    gateId: string,
    body: ConfirmWaiverRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/gates/${encodeURIComponent(
        gateId,
      )}/waiver/confirm`,
      body,
      opts,
    );
  }

  uploadEvidence(
    entityRef: string,
    body: UploadEvidenceRequest,
    opts?: RequestOptions,
  ): Promise<Evidence> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/evidence`,
      body,
      opts,
    );
  }

  async getEvidenceContent(
    entityRef: string,
    evidenceId: string,
    opts?: RequestOptions,
  ) {
    const res = await this.raw(
      'GET',
      `${recordPath(entityRef)}/evidence/${encodeURIComponent(
        evidenceId,
      )}/content`,
      undefined,
      opts,
    );
    return res.blob();
  }

  recordTest(
    entityRef: string,
    scenario: TestScenario,
    body: RecordTestRequest,
    opts?: RequestOptions,
  ): Promise<GovernanceStatus> {
    return this.request(
      'PUT',
      `${recordPath(entityRef)}/tests/${scenario}`,
      body,
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

  getAuditTrail(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<{ items: AuditEvent[] }> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/audit`,
      undefined,
      opts,
    );
  }

  verifyAuditTrail(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<ChainVerification> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/audit/verify`,
      undefined,
      opts,
    );
  }

  /** The evidence pack as a Blob (JSON), for download. */
  async exportEvidencePack(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<Blob> {
    const res = await this.raw(
      'GET',
      `${recordPath(entityRef)}/audit/export`,
      undefined,
      opts,
    );
    return res.blob();
  }

  /**
   * The HTML audit report (what a HIPAA or Joint Commission reviewer reads; prints to PDF), as a
   * Blob for download.
   */
  async getAuditReport(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<Blob> {
    const res = await this.raw(
      'GET',
      `${recordPath(entityRef)}/audit/report`,
      undefined,
      opts,
    );
    return res.blob();
  }

  getMonitoring(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<MonitoringSummary> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/monitoring`,
      undefined,
      opts,
    );
  }

  moveException(
    entityRef: string,
    exceptionId: string,
    to: 'acknowledge' | 'resolve',
    opts?: RequestOptions,
  ): Promise<MonitoringSummary> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/exceptions/${encodeURIComponent(
        exceptionId,
      )}/${to}`,
      {},
      opts,
    );
  }

  /** For service principals: a batch of monitoring events. */
  ingestEvents(
    events: MonitoringEventInput[],
    opts?: RequestOptions,
  ): Promise<IngestResult> {
    return this.request('POST', '/monitoring/events', { events }, opts);
  }

  getInbox(
    query: { limit?: number } = {},
    opts?: RequestOptions,
  ): Promise<{ items: InboxItem[]; hasMore: boolean }> {
    return this.request(
      'GET',
      `/inbox${query.limit ? `?limit=${query.limit}` : ''}`,
      undefined,
      opts,
    );
  }

  /** Validates a mapping spec (object or YAML text) against HL7 v2 / FHIR R4 definitions. */
  validateMapping(
    spec: ValidateMappingRequest['spec'],
    opts?: RequestOptions,
  ): Promise<MappingValidationResult> {
    return this.request('POST', '/mappings/validate', { spec }, opts);
  }

  getMapping(entityRef: string, opts?: RequestOptions): Promise<MappingReview> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/mapping`,
      undefined,
      opts,
    );
  }

  /** Stores a new mapping version; a 400 names every invalid row and path. */
  putMapping(
    entityRef: string,
    body: PutMappingRequest,
    opts?: RequestOptions,
  ): Promise<MappingReview> {
    return this.request('PUT', `${recordPath(entityRef)}/mapping`, body, opts);
  }

  confirmMappingRow(
    entityRef: string,
    rowId: string,
    body: ConfirmMappingRowRequest = {},
    opts?: RequestOptions,
  ): Promise<MappingReview> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/mapping/rows/${encodeURIComponent(
        rowId,
      )}/confirm`,
      body,
      opts,
    );
  }

  disputeMappingRow(
    entityRef: string,
    rowId: string,
    body: DisputeMappingRowRequest,
    opts?: RequestOptions,
  ): Promise<MappingReview> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/mapping/rows/${encodeURIComponent(
        rowId,
      )}/dispute`,
      body,
      opts,
    );
  }

  /** Runs the current mapping on a sample; the report is stored as test-result evidence. */
  runMapping(
    entityRef: string,
    body: RunMappingRequest,
    opts?: RequestOptions,
  ): Promise<MappingRunResult> {
    return this.request(
      'POST',
      `${recordPath(entityRef)}/mapping/run`,
      body,
      opts,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ) {
    const res = await this.raw(method, path, body, opts);
    return (await res.json()) as T;
  }

  private async raw(
    method: string,
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ) {
    const baseUrl = await this.discovery.getBaseUrl(
      HEALTHCARE_INTEGRATION_PLUGIN_ID,
    );
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts?.token) headers.Authorization = `Bearer ${opts.token}`;
    const res = await this.fetchFn(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await responseError(res);
    return res;
  }
}

/**
 * A failed response as a `ResponseError` whose message is the server's own (`error.message`,
 * e.g. "... holds none of these roles (rule: approver-role-required)") instead of Backstage's
 * generic "Request failed with 403 Forbidden". Status code and body stay as parsed.
 */
async function responseError(res: Response): Promise<ResponseError> {
  const error = await ResponseError.fromResponse(res);
  const serverMessage = error.body?.error?.message;
  if (typeof serverMessage === 'string' && serverMessage.trim())
    error.message = serverMessage;
  return error;
}

/** `component:default/lab-orders` → `/integrations/default/lab-orders`. */
export function recordPath(entityRef: string): string {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return `/integrations/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.name)}`;
}
