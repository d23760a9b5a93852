import {
  coreServices,
  createBackendModule,
  type DiscoveryService,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  HealthcareIntegrationClient,
  NEXT_STAGE,
  TEST_SCENARIOS,
  type CreateIntegrationRequest,
  type Gate,
  type GovernanceStatus,
  type Role,
  type Stage,
} from '@internal/plugin-healthcare-integration-common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEV_USER_HEADER } from './devSignIn';

/** Example mapping specs and sample messages shipped with the backend plugin. */
const SAMPLES = join(
  dirname(
    require.resolve(
      '@internal/plugin-healthcare-integration-backend/package.json',
    ),
  ),
  'samples',
);
/** Sample messages the example mappings are proven on (happy path and missing data). */
const SAMPLE_RUNS: Record<
  string,
  Array<{ file: string; scenario: 'happy-path' | 'missing-data' }>
> = {
  'ehr-lab-orders': [
    { file: 'hl7v2/orm-o01.hl7', scenario: 'happy-path' },
    { file: 'hl7v2/orm-o01-missing-data.hl7', scenario: 'missing-data' },
  ],
};
const sampleMapping = (name: string) => {
  const file = join(SAMPLES, 'mappings', `${name}.yaml`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

/**
 * Example governance records for the example catalog, so that a newcomer's portal shows
 * integrations at different stages. It works only through public surfaces, as people would:
 * it signs in as the example users (the example-users auth provider) and calls the plugin's
 * REST API, so every step passes the same permission checks, role checks and audit trail.
 */

const REQUESTER = 'priya.patel';
const CLOSED = new Set(['approved', 'waived', 'not-required']);

interface Scenario {
  stage: Stage;
  /** A gate of that stage left for a reviewer to decide in the portal. */
  pendingGate?: string;
  /** Report a few failed messages, so that health and exceptions show. */
  monitoring?: boolean;
  /** Open a change request once live. */
  changeRequest?: boolean;
}

/** Which example integration ends up where (catalog/integrations/*.yaml). */
export const EXAMPLE_SCENARIOS: Record<string, Scenario> = {
  'ehr-lab-orders': { stage: 'live', monitoring: true },
  'lab-results-portal': { stage: 'test' },
  'adt-analytics-feed': { stage: 'design', pendingGate: 'security-review' },
  'claims-837-clearinghouse': { stage: 'live', changeRequest: true },
  'pharmacy-orders': { stage: 'design' },
};

class ExampleUsers {
  private readonly tokens = new Map<string, string>();
  constructor(private readonly discovery: DiscoveryService) {}

  async token(userName: string): Promise<string> {
    const cached = this.tokens.get(userName);
    if (cached) return cached;
    const base = await this.discovery.getBaseUrl('auth');
    const res = await fetch(`${base}/exampleUsers/refresh`, {
      headers: { [DEV_USER_HEADER]: userName },
    });
    if (!res.ok)
      throw new Error(
        `Sign-in as ${userName} failed: ${res.status} ${await res.text()}`,
      );
    const body = (await res.json()) as { backstageIdentity: { token: string } };
    this.tokens.set(userName, body.backstageIdentity.token);
    return body.backstageIdentity.token;
  }
}

/** Maps a role holder (user or group ref) to a user who may act for it, other than the requester. */
function actorFor(
  holder: string,
  members: Map<string, string[]>,
): string | undefined {
  if (holder.startsWith('user:')) return holder.split('/').pop();
  return members.get(holder)?.find(u => u !== REQUESTER);
}

export class ExampleRecordSeeder {
  constructor(
    private readonly client: HealthcareIntegrationClient,
    private readonly users: ExampleUsers,
    private readonly members: Map<string, string[]>,
    private readonly logger: LoggerService,
    /** Monitoring ingest is for service principals: the module's own service token. */
    private readonly serviceToken: () => Promise<string>,
  ) {}

  private async as<T>(
    user: string,
    call: (opts: { token: string }) => Promise<T>,
  ): Promise<T> {
    return call({ token: await this.users.token(user) });
  }

  async seed(entity: Entity, scenario: Scenario): Promise<void> {
    const ref = stringifyEntityRef(entity);
    // Seeded by an earlier start (persistent database) or by another instance: leave it.
    const existing = await this.as(REQUESTER, o =>
      this.client.getStatus(ref, o),
    ).catch(e => {
      if (e instanceof ResponseError && e.statusCode === 404) return undefined;
      throw e;
    });
    if (existing) return;
    const healthcare = (entity.spec as any).healthcare;
    const { roles, ...profile } = healthcare;
    const body: CreateIntegrationRequest = {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace ?? 'default',
      title: entity.metadata.title ?? entity.metadata.name,
      profile,
      roles,
    };
    let status = await this.as(REQUESTER, o =>
      this.client.createIntegration(body, o),
    );
    while (status.record.stage !== scenario.stage) {
      status = await this.closeGatesOf(
        ref,
        status,
        status.record.stage,
        scenario.pendingGate,
      );
      const next = NEXT_STAGE[status.record.stage];
      if (!next) break;
      status = await this.as(REQUESTER, o =>
        this.client.moveStage(ref, { to: next }, o),
      );
    }
    // The stage the example stops in: close what a team would have closed, except the
    // gate left for a reviewer to decide in the portal.
    if (scenario.pendingGate) {
      status = await this.closeGatesOf(
        ref,
        status,
        status.record.stage,
        scenario.pendingGate,
      );
      await this.uploadEvidenceFor(
        ref,
        status,
        status.gates.find(g => g.id === scenario.pendingGate),
      );
    }
    if (scenario.monitoring) await this.reportMonitoring(ref);
    if (scenario.changeRequest) {
      await this.as(REQUESTER, o =>
        this.client.openChangeRequest(
          ref,
          {
            type: 'vendor-endpoint',
            changeClass: 'normal',
            summary:
              'Clearinghouse moves 837P submission to a new SFTP endpoint',
            impactAssessment:
              'Claims submission pauses for the cut-over window (Sunday 02:00-04:00). No change to claim content; acknowledgements (999/277CA) arrive from the new endpoint.',
            notify: ['group:default/revenue-cycle'],
          },
          o,
        ),
      );
    }
    this.logger.info(`Example record ${ref} is at stage ${scenario.stage}`);
  }

  /** Uploads each missing evidence kind, records the test matrix, and has each approver role decide. */
  private async closeGatesOf(
    ref: string,
    status: GovernanceStatus,
    stage: Stage,
    skip?: string,
  ) {
    let current = status;
    for (const gate of current.gates.filter(
      g => g.stage === stage && !CLOSED.has(g.status),
    )) {
      if (gate.id === skip) continue;
      await this.uploadEvidenceFor(ref, current, gate);
      if (gate.id === 'mapping-review') await this.signOffMapping(ref, current);
      if (gate.id === 'test-evidence') await this.recordTests(ref);
      for (const role of gate.approverRoles) {
        const actor = actorFor(
          current.record.roles[role as Role],
          this.members,
        );
        if (!actor)
          throw new Error(`No example user can act as ${role} on ${ref}`);
        current = await this.as(actor, o =>
          this.client.decideGate(
            ref,
            gate.id,
            {
              decision: 'approve',
              comment: `Reviewed for the example (${role}).`,
            },
            o,
          ),
        );
      }
    }
    return current;
  }

  private async uploadEvidenceFor(
    ref: string,
    status: GovernanceStatus,
    gate?: Gate,
  ) {
    for (const kind of gate?.evidenceKinds ?? []) {
      if (status.evidence.some(e => e.kind === kind && !e.supersededBy))
        continue;
      const text = `# ${kind} for ${ref}\n\nExample document (synthetic), prepared for gate "${
        gate!.title
      }".\n`;
      await this.as(REQUESTER, o =>
        this.client.uploadEvidence(
          ref,
          {
            kind,
            title: `${kind.replace(/-/g, ' ')} (example)`,
            mediaType: 'text/markdown',
            contentBase64: Buffer.from(text).toString('base64'),
          },
          o,
        ),
      );
    }
  }

  /**
   * Stores the integration's example mapping spec and has each row confirmed by the role it
   * names, which is what lets the mapping-review gate be approved.
   */
  private async signOffMapping(ref: string, status: GovernanceStatus) {
    const spec = sampleMapping(ref.split('/').pop()!);
    if (!spec) return;
    const review = await this.as(REQUESTER, o =>
      this.client.putMapping(
        ref,
        { spec, comment: 'Mapping agreed in the design workshop (example)' },
        o,
      ),
    );
    for (const row of review.spec.rows) {
      const actor = actorFor(status.record.roles[row.confirmBy], this.members);
      if (!actor)
        throw new Error(
          `No example user can confirm mapping row ${row.id} as ${row.confirmBy}`,
        );
      await this.as(actor, o =>
        this.client.confirmMappingRow(
          ref,
          row.id,
          { comment: 'Same meaning in source and destination.' },
          o,
        ),
      );
    }
    // Prove the mapping on sample messages: each run's report becomes test evidence.
    for (const run of SAMPLE_RUNS[ref.split('/').pop()!] ?? []) {
      const message = readFileSync(join(SAMPLES, run.file), 'utf8');
      await this.as(REQUESTER, o =>
        this.client.runMapping(
          ref,
          { message, format: 'hl7v2', scenario: run.scenario },
          o,
        ),
      );
    }
  }

  /** Records the scenarios not already proven (e.g. by a mapping run) as passed with a report. */
  private async recordTests(ref: string) {
    const fresh = await this.as(REQUESTER, o => this.client.getStatus(ref, o));
    const open = TEST_SCENARIOS.filter(
      s => fresh.tests.find(t => t.scenario === s)?.result !== 'passed',
    );
    if (!open.length) return;
    const report = await this.as(REQUESTER, o =>
      this.client.uploadEvidence(
        ref,
        {
          kind: 'test-result',
          title: 'Test run report (example)',
          mediaType: 'text/markdown',
          contentBase64: Buffer.from(
            `# Test run for ${ref}\n\nAll seven scenarios passed in TEST.\n`,
          ).toString('base64'),
        },
        o,
      ),
    );
    for (const scenario of open) {
      await this.as(REQUESTER, o =>
        this.client.recordTest(
          ref,
          scenario,
          { result: 'passed', evidenceId: report.id, notes: 'Example run' },
          o,
        ),
      );
    }
  }

  private async reportMonitoring(ref: string) {
    const now = Date.now();
    const events = [0, 1, 2].map(i => ({
      integrationRef: ref,
      category: 'technical' as const,
      kind: 'failed-message',
      severity: 'error' as const,
      count: 1,
      occurredAt: new Date(now - (3 - i) * 60_000).toISOString(),
      source: 'example-mirth',
      dedupKey: `example-${ref}-${i}`,
      message: 'ORM^O01 rejected by LIS: OBR-4 code not in the lab compendium',
    }));
    await this.client.ingestEvents(events, {
      token: await this.serviceToken(),
    });
  }
}

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

export default createBackendModule({
  pluginId: 'healthcare-integration',
  moduleId: 'example-records',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, discovery, auth, lifecycle, catalog }) {
        if (!config.getOptionalBoolean('exampleRecords.enabled')) return;
        lifecycle.addStartupHook(() => {
          // Not awaited: the catalog needs a few seconds to ingest the example entities.
          seedExamples({ logger, discovery, auth, catalog }).catch(e =>
            logger.error(`Could not seed example records: ${e}`),
          );
        });
      },
    });
  },
});

async function seedExamples(deps: {
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
