import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  HealthcareIntegrationClient,
  NEXT_STAGE,
  TEST_SCENARIOS,
  type CreateIntegrationRequest,
  type Gate,
  type GovernanceStatus,
  type Role,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actorFor, type ExampleUsers } from './exampleUsers';
import { SAMPLES, SAMPLE_RUNS, sampleMapping } from './samples';
import { CLOSED, REQUESTER, type Scenario } from './scenarios';

/**
 * Brings one example integration to its scenario's stage through the plugin's REST API, as the
 * people holding its roles would: evidence, mapping sign-off, tests, decisions, stage moves.
 */
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
    if (scenario.standardChange) {
      await this.as(REQUESTER, o =>
        this.client.openChangeRequest(
          ref,
          {
            type: 'clinic-rollout',
            changeClass: 'standard',
            summary: 'Lab orders enabled for the Riverside outpatient clinic',
            impactAssessment:
              'Same interface and mapping; one more ordering location. Pre-authorised as a standard clinic rollout.',
            notify: [],
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
              comment: 'Reviewed for the example.',
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
    // Prove the mapping on sample messages: each run's report becomes test evidence, and the
    // scenario's result too when the test owner runs it (rule: test-owner-records-results).
    const tester =
      actorFor(status.record.roles.testOwner, this.members) ?? REQUESTER;
    for (const run of SAMPLE_RUNS[ref.split('/').pop()!] ?? []) {
      const message = readFileSync(join(SAMPLES, run.file), 'utf8');
      await this.as(tester, o =>
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
    // Only the test owner records results (rule: test-owner-records-results).
    const tester = actorFor(fresh.record.roles.testOwner, this.members);
    if (!tester)
      throw new Error(`No example user can act as testOwner on ${ref}`);
    for (const scenario of open) {
      await this.as(tester, o =>
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
