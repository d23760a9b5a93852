import type {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type {
  IngestResult,
  MonitoringEventInput,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * A little state a polling source keeps between polls (e.g. the last counters of an interface
 * engine's channels), stored in the plugin's database so that whichever backend instance
 * runs the next poll continues where the last one stopped. Values are JSON.
 *
 * @public
 */
export interface MonitoringSourceState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * What a source is handed on each poll.
 *
 * @public
 */
export interface MonitoringSourceContext {
  /** Ingests events as the monitoring API does: validated, deduplicated by `dedupKey`, routed. */
  ingest(events: MonitoringEventInput[]): Promise<IngestResult>;
  state: MonitoringSourceState;
  logger: LoggerService;
  /** The poll's time, from the plugin's clock. */
  now: Date;
}

/**
 * A monitoring source the plugin polls on a schedule (one instance at a time across the
 * deployment): an interface engine's statistics API, a queue, a log store. Push sources
 * need no module: they post to the monitoring API or publish on the events service.
 *
 * @public
 */
export interface MonitoringSource {
  /** Unique per source, e.g. `mirth:main`; names the scheduled task and the state. */
  id: string;
  schedule: Pick<
    SchedulerServiceTaskScheduleDefinition,
    'frequency' | 'timeout' | 'initialDelay'
  >;
  poll(context: MonitoringSourceContext): Promise<void>;
}
