import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { MonitoringSource } from '@hcig/backstage-plugin-healthcare-integration-node';
import type {
  IngestResult,
  MonitoringEventInput,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { DatabaseSourceState } from './DatabaseSourceState';

/** The scheduled task's id for a source; `triggerTask` takes it. */
export const monitoringSourceTaskId = (sourceId: string) =>
  `healthcare-integration-source-${sourceId}`;

/**
 * Polls each source added through the extension point on its own schedule (the scheduler runs
 * a task on one instance at a time), handing it ingest, its state and a logger. Two sources
 * with one id would share state and a task, so that refuses to start.
 */
export async function scheduleMonitoringSources(options: {
  sources: MonitoringSource[];
  scheduler: SchedulerService;
  db: Knex;
  logger: LoggerService;
  ingest: (events: MonitoringEventInput[]) => Promise<IngestResult>;
  clock?: () => Date;
}) {
  const { sources, scheduler, db, logger, ingest } = options;
  const clock = options.clock ?? (() => new Date());
  const seen = new Set<string>();
  for (const source of sources) {
    if (!/^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/.test(source.id))
      throw new Error(
        `Monitoring source id "${source.id}" must be 1-100 letters, digits, ':', '.', '_' or '-'`,
      );
    if (seen.has(source.id))
      throw new Error(
        `Two monitoring sources have the id "${source.id}"; each needs its own`,
      );
    seen.add(source.id);
  }
  for (const source of sources) {
    const state = new DatabaseSourceState(db, source.id, clock);
    const sourceLogger = logger.child({ monitoringSource: source.id });
    await scheduler.scheduleTask({
      id: monitoringSourceTaskId(source.id),
      frequency: source.schedule.frequency,
      timeout: source.schedule.timeout,
      initialDelay: source.schedule.initialDelay,
      fn: async () => {
        try {
          await source.poll({
            ingest,
            state,
            logger: sourceLogger,
            now: clock(),
          });
        } catch (error) {
          // A failing engine must not stop the schedule; the next poll tries again.
          sourceLogger.error(`Poll of ${source.id} failed: ${error}`);
        }
      },
    });
  }
  if (sources.length)
    logger.info(
      `Polling monitoring source(s): ${sources.map(s => s.id).join(', ')}`,
    );
}
