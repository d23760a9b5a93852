import type { Evidence, GovernanceStatus, TestScenario } from '../types';
import type {
  ConfirmWaiverRequest,
  DecideGateRequest,
  RecordTestRequest,
  UploadEvidenceRequest,
  WaiveGateRequest,
} from '../schemas';
import { RecordsClient } from './recordsClient';
import { recordPath, type RequestOptions } from './transport';

/** Gates and what they are decided on: decisions, waivers, evidence, the test matrix. */
export abstract class GatesClient extends RecordsClient {
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
}
