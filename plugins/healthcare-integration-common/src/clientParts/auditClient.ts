import type { AuditEvent, ChainVerification } from '../types';
import { GatesClient } from './gatesClient';
import { recordPath, withQuery, type RequestOptions } from './transport';

/** The audit proof: the trail, its verification, the evidence pack and the HTML report. */
export abstract class AuditClient extends GatesClient {
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

  /** The trail as a FHIR R4 Bundle of AuditEvent resources, for a SIEM. */
  getFhirAuditBundle(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<Record<string, unknown>> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/audit/fhir`,
      undefined,
      opts,
    );
  }

  /**
   * The latest signed checkpoint covering this record's chain, with its inclusion proof
   * (schema `IntegrationCheckpoint` in the OpenAPI document).
   */
  getIntegrationCheckpoint(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<Record<string, unknown>> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/audit/checkpoint`,
      undefined,
      opts,
    );
  }

  /** Signed checkpoints, newest first (schema `CheckpointList`). */
  listAuditCheckpoints(
    query: { limit?: number; before?: number } = {},
    opts?: RequestOptions,
  ): Promise<{ items: Record<string, unknown>[]; nextBefore?: number }> {
    return this.request(
      'GET',
      withQuery('/audit/checkpoints', query),
      undefined,
      opts,
    );
  }

  /** The public keys that sign checkpoints and packs: what an auditor pins for the offline verifier. */
  getAuditKeys(opts?: RequestOptions): Promise<Record<string, unknown>> {
    return this.request('GET', '/audit/keys', undefined, opts);
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
}
