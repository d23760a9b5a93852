import type {
  DiscoveryService,
  LoggerService,
  coreServices,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { HealthcareIntegrationClient } from '@hcig/backstage-plugin-healthcare-integration-common';
import { ExampleRecordSeeder } from './ExampleRecordSeeder';
import { ExampleUsers } from './exampleUsers';
import { EXAMPLE_SCENARIOS, REQUESTER } from './scenarios';

/** Retries until the catalog (or the sign-in) is ready: the seeder starts with the backend. */
async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  logger: LoggerService,
) {
  for (let i = 0; i < 120; i++) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (e) {
      if (i % 10 === 9) logger.debug(`Still waiting for ${what}: ${e}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

/** Waits for the example entities and users in the catalog, then seeds each integration. */
export async function seedExamples(deps: {
  logger: LoggerService;
  discovery: DiscoveryService;
  auth: typeof coreServices.auth.T;
  catalog: CatalogService;
}) {
  const { logger, discovery, auth, catalog } = deps;
  const credentials = await auth.getOwnServiceCredentials();
  const integrations = await waitFor(
    'the example integrations in the catalog',
    async () => {
      const { items } = await catalog.getEntities(
        {
          filter: { kind: 'Component', 'spec.type': 'healthcare-integration' },
        },
        { credentials },
      );
      const found = items.filter(
        e => EXAMPLE_SCENARIOS[e.metadata.name] && (e.spec as any)?.healthcare,
      );
      return found.length === Object.keys(EXAMPLE_SCENARIOS).length
        ? found
        : undefined;
    },
    logger,
  );
  const { items: users } = await catalog.getEntities(
    { filter: { kind: 'User' } },
    { credentials },
  );
  const members = new Map<string, string[]>();
  for (const user of users) {
    for (const rel of user.relations ?? []) {
      if (rel.type !== 'memberOf') continue;
      members.set(rel.targetRef, [
        ...(members.get(rel.targetRef) ?? []),
        user.metadata.name,
      ]);
    }
  }
  const exampleUsers = new ExampleUsers(discovery);
  await waitFor(
    'the example-users sign-in',
    () => exampleUsers.token(REQUESTER),
    logger,
  );
  const client = new HealthcareIntegrationClient({ discoveryApi: discovery });
  const seeder = new ExampleRecordSeeder(
    client,
    exampleUsers,
    members,
    logger,
    async () =>
      (
        await auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'healthcare-integration',
        })
      ).token,
  );
  for (const entity of integrations) {
    await seeder.seed(entity, EXAMPLE_SCENARIOS[entity.metadata.name]);
  }
  logger.info(`Example records ready for ${integrations.length} integrations`);
}
