import { NotFoundError } from '@backstage/errors';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  explainPredicate,
  findGatePolicy,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  type GovernanceActionDeps,
  HUMAN_DECISIONS_NOTE,
  readStatusAs,
} from './actionContext';
import { holdersOf } from './statusActions';

export function registerExplainGateAction(
  actions: ActionsRegistryService,
  deps: GovernanceActionDeps,
) {
  actions.register({
    name: 'explain-gate',
    title: 'Explain a governance gate',
    description: `Explains one gate of an integration: why it applies (the policy's "when" predicate and each clause against the integration's profile), what evidence it needs and which is attached and current, which prerequisites and tests it waits on, and who may decide it (the approver roles and their holders; the requester never decides their own gate). Also explains a policy gate that does not apply to the integration and why not. Checked as the calling user, like GET /integrations/{namespace}/{name}. ${HUMAN_DECISIONS_NOTE}`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The integration, e.g. component:default/adt-analytics-feed',
            ),
          gateId: z.string().describe('The gate id, e.g. security-review'),
        }),
      output: z =>
        z.object({
          gateId: z.string(),
          title: z.string(),
          description: z.string(),
          stage: z.string(),
          trigger: z.string(),
          applies: z.boolean(),
          status: z.string().optional(),
          why: z.object({
            predicateHolds: z.boolean(),
            predicate: z.unknown(),
            clauses: z.array(
              z.object({
                clause: z.string(),
                actual: z.string(),
                holds: z.boolean(),
              }),
            ),
          }),
          evidence: z.array(
            z.object({
              kind: z.string(),
              attached: z.boolean(),
              current: z.boolean(),
            }),
          ),
          requires: z.array(z.string()),
          requiresTestMatrix: z.boolean(),
          whoMayDecide: z.array(
            z.object({ role: z.string(), holder: z.string() }),
          ),
          requesterMayDecide: z.literal(false),
          waivable: z.boolean(),
          waiverRole: z.string(),
          blockers: z.array(z.string()),
          policyHash: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, status } = await readStatusAs(
        deps,
        credentials,
        input.entityRef,
      );
      const { policy, hash } = deps.service.getPolicy();
      const gate = status.gates.find(g => g.id === input.gateId);
      const gatePolicy = findGatePolicy(policy, input.gateId);
      if (!gate && !gatePolicy) {
        throw new NotFoundError(
          `Invalid gateId: no gate ${
            input.gateId
          } on ${entityRef} or in the policy; gates: ${policy.gates
            .map(g => g.id)
            .join(', ')}`,
        );
      }
      const why = explainPredicate(gatePolicy?.when, status.record.profile);
      const trigger = gatePolicy?.trigger ?? 'intake';
      const approverRoles = gate?.approverRoles ?? gatePolicy!.approverRoles;
      const kinds = gate?.evidenceKinds ?? gatePolicy?.evidenceKinds ?? [];
      return {
        output: {
          gateId: input.gateId,
          title: gate?.title ?? gatePolicy!.title,
          description: gate?.description ?? gatePolicy?.description ?? '',
          stage: gate?.stage ?? gatePolicy!.stage,
          trigger,
          // A gate opened by a change request is on the record whatever the intake predicate says.
          applies: !!gate,
          status: gate?.status,
          why: {
            predicateHolds: why.holds,
            predicate: why.predicate,
            clauses: why.clauses,
          },
          evidence: kinds.map(kind => {
            const attached = status.evidence.filter(e => e.kind === kind);
            return {
              kind,
              attached: attached.length > 0,
              current: attached.some(e => !e.expired),
            };
          }),
          requires: gate?.requires ?? gatePolicy?.requires ?? [],
          requiresTestMatrix: !!(
            gate?.requiresTestMatrix ?? gatePolicy?.requiresTestMatrix
          ),
          whoMayDecide: holdersOf(status, approverRoles),
          requesterMayDecide: false as const,
          waivable: (gate?.waivable ?? gatePolicy?.waivable) !== false,
          waiverRole: policy.waiverRole,
          blockers: gate?.blockers ?? [],
          policyHash: hash,
        },
      };
    },
  });
}
