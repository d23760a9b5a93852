import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  CatalogService,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import type {
  CatalogEntityPage,
  CatalogEntityRecord,
  Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  HEALTHCARE_INTEGRATION_TYPE,
  RECORD_REF_ANNOTATION,
} from './relations';

/** The location every entity of this provider is annotated with. */
export const RECORDS_LOCATION = 'healthcare-integration:records';
const GOVERNANCE_PLUGIN_ID = 'healthcare-integration';

export interface HealthcareIntegrationEntityProviderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
  logger: LoggerService;
  /** When given, `connect` schedules a full refresh at this cadence (first run right away). */
  scheduler?: SchedulerService;
  frequencySeconds?: number;
  /** Records per request to the governance backend. */
  pageSize?: number;
}

/** Backstage lifecycle of a governance stage. */
function lifecycleOf(stage: Stage): string {
  if (stage === 'live' || stage === 'change') return 'production';
  if (stage === 'retired') return 'deprecated';
  return 'experimental';
}

/** The technical owner when it is a team, else the requester, else the technical owner. */
function ownerOf(record: CatalogEntityRecord): string {
  const technical = record.roles.technicalOwner;
  if (technical?.startsWith('group:')) return technical;
  if (record.requester?.startsWith('user:')) return record.requester;
  return technical;
}

const asComponentRef = (ref: string, namespace: string) =>
  stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: namespace,
    }),
  );

/** The catalog Component of a governance record, in the format of docs/catalog-entities.md. */
export function recordToEntity(record: CatalogEntityRecord): Entity {
  const { namespace, name } = parseEntityRef(record.entityRef);
  const { profile } = record;
  const tags = [
    profile.phi && 'phi',
    profile.externalVendor && 'external-vendor',
    profile.patientFacing && 'patient-facing',
  ].filter((t): t is string => Boolean(t));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      title: record.title,
      description: profile.businessReason,
      annotations: {
        [ANNOTATION_LOCATION]: RECORDS_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: RECORDS_LOCATION,
      },
      ...(tags.length ? { tags } : {}),
    },
    spec: {
      type: HEALTHCARE_INTEGRATION_TYPE,
      lifecycle: lifecycleOf(record.stage),
      owner: ownerOf(record),
      dependsOn: [
        asComponentRef(profile.sourceSystem, namespace),
        asComponentRef(profile.destinationSystem, namespace),
      ],
      healthcare: { ...profile, roles: record.roles } as unknown as JsonObject,
    },
  };
}

/**
 * Publishes every governance record created through intake as a catalog Component, so the
 * whole flow works without a Git host. Records whose integration is already in the catalog
 * from another location (a Git-defined entity with the same ref, or one naming the record in
 * its `healthcare-integration/record-ref` annotation) are left to that location.
 *
 * Each run is a full mutation built from a complete read of both sides; if either read fails
 * the run applies nothing, because a partial full mutation would delete entities.
 */
export class HealthcareIntegrationEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: HealthcareIntegrationEntityProviderOptions,
  ) {}

  getProviderName(): string {
    return 'healthcare-integration-records';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { scheduler, logger } = this.options;
    if (!scheduler) return;
    await scheduler.scheduleTask({
      id: `${this.getProviderName()}:refresh`,
      frequency: { seconds: this.options.frequencySeconds ?? 30 },
      timeout: { minutes: 2 },
      // No initial delay: the first run happens as soon as the catalog has connected.
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          // Either backend may still be starting; the next run retries.
          logger.warn(`Healthcare integration records not published: ${error}`);
        }
      },
    });
  }

  /** Reads every record and every existing integration entity, then applies a full mutation. */
  async refresh(): Promise<{ published: number; skipped: string[] }> {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected`);
    const [records, elsewhere] = await Promise.all([
      this.readRecords(),
      this.refsDefinedElsewhere(),
    ]);
    const skipped: string[] = [];
    const entities: DeferredEntity[] = [];
    for (const record of records) {
      const ref = stringifyEntityRef(parseEntityRef(record.entityRef));
      if (elsewhere.has(ref)) {
        skipped.push(ref);
        continue;
      }
      // No locationKey on purpose: an entity later defined in Git (which has a location key)
      // takes the ref over instead of conflicting, and the next run then skips the record.
      entities.push({ entity: recordToEntity(record) });
    }
    await this.connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Published ${entities.length} healthcare integration record(s); ${skipped.length} defined elsewhere`,
    );
    return { published: entities.length, skipped };
  }

  private async readRecords(): Promise<CatalogEntityRecord[]> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl(GOVERNANCE_PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: GOVERNANCE_PLUGIN_ID,
    });
    const records: CatalogEntityRecord[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const url = new URL(`${baseUrl}/catalog-entities`);
      url.searchParams.set('limit', String(this.options.pageSize ?? 200));
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const page = (await response.json()) as CatalogEntityPage;
      records.push(...page.items);
      // Guards against a server that repeats a cursor, which would loop forever.
      if (page.nextCursor && seen.has(page.nextCursor)) {
        throw new Error(
          `Governance backend repeated cursor ${page.nextCursor}`,
        );
      }
      cursor = page.nextCursor;
      if (cursor) seen.add(cursor);
    } while (cursor);
    return records;
  }

  /**
   * Record refs of integration entities that some other location (Git, a file) manages:
   * their own ref and the record they name in the record-ref annotation.
   */
  private async refsDefinedElsewhere(): Promise<Set<string>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const refs = new Set<string>();
    const pages = catalog.streamEntities(
      {
        filter: { kind: 'Component', 'spec.type': HEALTHCARE_INTEGRATION_TYPE },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    for await (const page of pages) {
      for (const entity of page) {
        const annotations = entity.metadata.annotations ?? {};
        if (annotations[ANNOTATION_LOCATION] === RECORDS_LOCATION) continue;
        refs.add(stringifyEntityRef(entity));
        const recordRef = annotations[RECORD_REF_ANNOTATION];
        if (recordRef) {
          refs.add(
            asComponentRef(recordRef, entity.metadata.namespace ?? 'default'),
          );
        }
      }
    }
    return refs;
  }
}
