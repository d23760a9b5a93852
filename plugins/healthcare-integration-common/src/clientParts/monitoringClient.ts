import type {
  IngestProblem,
  IngestResult,
  MonitoringEventInput,
  MonitoringSummary,
} from '../monitoring';
import { AuditClient } from './auditClient';
import { recordPath, withQuery, type RequestOptions } from './transport';

/** Monitoring after go-live: the summary, exception transitions, and ingest (service principals). */
export abstract class MonitoringClient extends AuditClient {
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

  /** What monitoring ingest could not use, newest first (platform administrators; 403 for others). */
  listIngestProblems(
    limit?: number,
    opts?: RequestOptions,
  ): Promise<{ items: IngestProblem[] }> {
    return this.request(
      'GET',
      withQuery('/monitoring/ingest-problems', { limit }),
      undefined,
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
}
