import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DATA_CLASSES,
  DEFAULT_POLICY,
  ROLES,
  URGENCIES,
  deriveGates,
  type CreateIntegrationRequest,
  type IntegrationProfile,
  type Role,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { GovernanceApi, type HealthcareActionOptions } from './api';
import { entityUrlPaths } from './paths';

export const CREATE_INTEGRATION_ACTION_ID = 'healthcare:integration:create';

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  businessOwner: 'Business owner: accountable for why the integration exists',
  technicalOwner:
    'Technical (integration) owner: builds and runs the interface',
  processOwner:
    'Process (clinical workflow) owner: confirms what the data means',
  securityReviewer: 'Security reviewer',
  complianceReviewer: 'Compliance / privacy reviewer',
  testOwner: 'Test owner: signs off the test matrix',
  supportOwner: 'Support owner: takes the pager after go-live',
};

/** Template answers arrive as strings; an optional field left blank must not reach the API as ''. */
function withoutBlanks<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => !(typeof v === 'string' && v.trim() === ''),
    ),
  ) as T;
}

/**
 * `healthcare:integration:create` — intake: creates the governed record. The backend derives the
 * gates from its policy; the action reports them so later steps (e.g. `healthcare:gates:wait`)
 * can name them.
 */
export function createIntegrationAction(options: HealthcareActionOptions) {
  return createTemplateAction({
    id: CREATE_INTEGRATION_ACTION_ID,
    description:
      'Creates the governance record of a healthcare integration from intake answers. The policy derives the gates; the catalog entity is published by the backend.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create an EHR → LIS lab orders integration',
        example: `steps:
  - id: create
    action: ${CREATE_INTEGRATION_ACTION_ID}
    input:
      name: ehr-lab-orders
      title: Epic → Sunquest lab orders
      profile:
        phi: true
        externalVendor: false
        patientFacing: false
        dataClasses: [demographics, lab-results]
        messageTypes: ['ORM^O01']
        sourceSystem: component:default/epic-ehr
        destinationSystem: component:default/sunquest-lis
        patientPopulation: All inpatients and ED patients
        businessReason: Send lab orders electronically instead of by fax
        urgency: normal
      roles:
        businessOwner: user:default/chris.nguyen
        technicalOwner: user:default/dev.ops
        processOwner: user:default/jordan.lee
        securityReviewer: group:default/security-office
        complianceReviewer: group:default/compliance-office
        testOwner: user:default/alex.kim
        supportOwner: group:default/it-support`,
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z0-9]+([-_.][a-z0-9]+)*$/i)
            .max(63)
            .describe('Catalog entity name of the integration'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Catalog namespace (default: "default")'),
        title: z =>
          z
            .string()
            .min(1)
            .max(200)
            .describe('Human title, e.g. "Epic → Sunquest lab orders"'),
        profile: z =>
          z
            .object({
              phi: z.boolean().describe('Carries protected health information'),
              externalVendor: z
                .boolean()
                .describe('Data leaves to, or comes from, an outside vendor'),
              patientFacing: z
                .boolean()
                .describe('Patients see the data (portal, app, messages)'),
              dataClasses: z.array(z.enum(DATA_CLASSES)).min(1),
              messageTypes: z
                .array(z.string())
                .optional()
                .describe("HL7 v2 events or FHIR resources, e.g. 'ORM^O01'"),
              sourceSystem: z
                .string()
                .describe('Entity ref of the source clinical system'),
              destinationSystem: z
                .string()
                .describe('Entity ref of the destination clinical system'),
              patientPopulation: z.string(),
              businessReason: z.string(),
              urgency: z.enum(URGENCIES),
              targetLaunch: z.string().optional().describe('YYYY-MM-DD'),
              vendorName: z
                .string()
                .optional()
                .describe('Required when externalVendor is true'),
              downstreamWorkflow: z.string().optional(),
            })
            .describe('The facts the policy derives gates from'),
        roles: z =>
          z
            .object(
              Object.fromEntries(
                ROLES.map(r => [
                  r,
                  z
                    .string()
                    .describe(`${ROLE_DESCRIPTIONS[r]} (user or group ref)`),
                ]),
              ) as Record<Role, ReturnType<typeof z.string>>,
            )
            .describe('Who holds each role'),
      },
      output: {
        entityRef: z =>
          z.string().describe('Entity ref of the integration record'),
        gateIds: z =>
          z.array(z.string()).describe('Ids of the gates the policy derived'),
        gates: z =>
          z
            .array(
              z.object({
                id: z.string(),
                title: z.string(),
                stage: z.string(),
                status: z.string(),
              }),
            )
            .describe('The derived gates'),
        entityUrlPath: z =>
          z.string().describe('Frontend path of the entity page'),
        recordUrlPath: z =>
          z
            .string()
            .describe('Frontend path of the "Integration governance" tab'),
      },
    },
    async handler(ctx) {
      const { name, namespace = 'default', title } = ctx.input;
      const profile = withoutBlanks(ctx.input.profile);
      const body: CreateIntegrationRequest = {
        name,
        namespace,
        title,
        profile: { ...profile, messageTypes: profile.messageTypes ?? [] },
        roles: ctx.input.roles,
      };
      const entityRef = `component:${namespace}/${name}`;

      let result: {
        entityRef: string;
        gates: Array<{
          id: string;
          title: string;
          stage: string;
          status: string;
        }>;
      };
      if (ctx.isDryRun) {
        // The configured policy may differ from the shipped default; a dry run only previews.
        const gates = deriveGates(
          DEFAULT_POLICY,
          body.profile as IntegrationProfile,
        ).map(g => ({
          id: g.id,
          title: g.title,
          stage: g.stage,
          status: 'pending',
        }));
        ctx.logger.info(
          `Dry run: would create ${entityRef} (${title}) with ${JSON.stringify(
            body.profile,
          )}; the default policy derives gates: ${gates
            .map(g => g.id)
            .join(', ')}`,
        );
        result = { entityRef, gates };
      } else {
        const api = new GovernanceApi({
          ...options,
          credentials: () => ctx.getInitiatorCredentials(),
          logger: ctx.logger,
        });
        // Checkpointed: a recovered task must not try to create the record a second time.
        result = await ctx.checkpoint({
          key: `create:${entityRef}`,
          fn: async () => {
            ctx.logger.info(
              `Creating governance record ${entityRef} (${title})`,
            );
            const status = await api.createIntegration(body);
            return {
              entityRef: status.record.entityRef,
              gates: status.gates.map(g => ({
                id: g.id,
                title: g.title,
                stage: g.stage,
                status: g.status,
              })),
            };
          },
        });
        ctx.logger.info(
          `Created ${result.entityRef}; gates: ${result.gates
            .map(g => `${g.id} (${g.title})`)
            .join(', ')}`,
        );
      }

      const { entityUrlPath, recordUrlPath } = entityUrlPaths(result.entityRef);
      ctx.output('entityRef', result.entityRef);
      ctx.output(
        'gateIds',
        result.gates.map(g => g.id),
      );
      ctx.output('gates', result.gates);
      ctx.output('entityUrlPath', entityUrlPath);
      ctx.output('recordUrlPath', recordUrlPath);
    },
  });
}
