import type { AuditEvent, ChainVerification } from '../types';
import { GatesClient } from './gatesClient';
import { recordPath, type RequestOptions } from './transport';

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
