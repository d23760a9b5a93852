import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { MonitoringEventInput } from '@hcig/backstage-plugin-healthcare-integration-common';
import type {
  MonitoringSource,
  MonitoringSourceContext,
} from '@hcig/backstage-plugin-healthcare-integration-node';
import {
  ChannelStatistics,
  MirthClient,
  MirthEngineConfig,
} from './MirthClient';

/** On an integration's catalog entity: the Mirth channel id(s) that carry it, comma-separated. */
export const MIRTH_CHANNEL_ANNOTATION =
  'healthcare-integration/mirth-channel-id';

/** The counters of one channel at the last poll. */
interface ChannelCounters {
  errored: number;
  queued: number;
}

/**
 * Polls one engine's channel statistics and turns counter deltas into events: new errors
 * become `failed-message` events (count = delta), a queue that grew becomes `queue-delay`.
 * The last counters are the source's state in the plugin's database, so that any backend
 * instance can take the next poll; dedup keys carry the counter value, so a repeated poll
 * never counts twice.
 */
export class MirthSource implements MonitoringSource {
  readonly id: string;
  readonly schedule: MonitoringSource['schedule'];

  constructor(
    private readonly engine: MirthEngineConfig & { pollMinutes?: number },
    private readonly client: MirthClient,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {
    this.id = `mirth:${engine.id}`;
    this.schedule = {
      frequency: { minutes: engine.pollMinutes ?? 5 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 20 },
    };
  }

  async poll({ ingest, state, logger, now: at }: MonitoringSourceContext) {
    const [stats, channels] = await Promise.all([
      this.client.channelStatistics(),
      this.channelMap(),
    ]);
    const now = at.toISOString();
    const events: MonitoringEventInput[] = [];
    for (const s of stats) {
      const integrationRef = channels.get(s.channelId);
      if (!integrationRef) continue;
      const key = `channel:${s.channelId}`;
      const previous = await state.get<ChannelCounters>(key);
      events.push(...this.deltaEvents(integrationRef, s, previous, now));
      await state.set(key, { errored: s.error, queued: s.queued });
    }
    const result = events.length
      ? await ingest(events)
      : { accepted: 0, duplicates: 0, rejected: [] };
    logger.info(
      `Mirth ${this.engine.id}: ${stats.length} channel(s), ${events.length} event(s), ${result.accepted} new`,
    );
    if (result.rejected.length)
      logger.warn(
        `Mirth ${this.engine.id}: ${
          result.rejected.length
        } event(s) refused: ${JSON.stringify(result.rejected.slice(0, 5))}`,
      );
  }

  private deltaEvents(
    integrationRef: string,
    s: ChannelStatistics,
    previous: ChannelCounters | undefined,
    now: string,
  ): MonitoringEventInput[] {
    const events: MonitoringEventInput[] = [];
    const source = `mirth:${this.engine.id}`;
    // Counters reset when statistics are cleared: then everything counted now is new.
    const prevErrors =
      previous && s.error >= previous.errored ? Number(previous.errored) : 0;
    const newErrors = s.error - prevErrors;
    if (newErrors > 0) {
      events.push({
        integrationRef,
        category: 'technical',
        kind: 'failed-message',
        severity: 'error',
        count: newErrors,
        occurredAt: now,
        source,
        dedupKey: `${source}:${s.channelId}:error:${s.error}:${
          previous ? previous.errored : 'first'
        }`,
        message: `${newErrors} errored message(s) on channel ${s.channelId}`,
      });
    }
    if (s.queued > 0 && s.queued > Number(previous?.queued ?? 0)) {
      events.push({
        integrationRef,
        category: 'technical',
        kind: 'queue-delay',
        severity: 'warning',
        count: s.queued,
        occurredAt: now,
        source,
        dedupKey: `${source}:${s.channelId}:queued:${s.queued}:${now.slice(
          0,
          16,
        )}`,
        message: `${s.queued} message(s) queued on channel ${s.channelId}`,
      });
    }
    return events;
  }

  private async channelMap() {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${MIRTH_CHANNEL_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const map = new Map<string, string>();
    for (const entity of items) {
      const ids = entity.metadata.annotations?.[MIRTH_CHANNEL_ANNOTATION] ?? '';
      ids
        .split(',')
        .map(id => id.trim())
        .filter(Boolean)
        .forEach(id => map.set(id, stringifyEntityRef(entity)));
    }
    return map;
  }
}
