import type {
  ConfirmMappingRowRequest,
  DisputeMappingRowRequest,
  MappingReview,
  MappingRunResult,
  MappingValidationResult,
  PutMappingRequest,
  RunMappingRequest,
  ValidateMappingRequest,
} from '../mapping';
import { MonitoringClient } from './monitoringClient';
import { recordPath, type RequestOptions } from './transport';

/** The mapping review: validation, versions, row sign-offs and runs on sample messages. */
export abstract class MappingClient extends MonitoringClient {
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
}
