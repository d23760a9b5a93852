import { decidePermittedOn } from '../service/decidePermission';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  type GovernanceStatus,
  isGateClosed,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  type GovernanceActionDeps,
  HUMAN_DECISIONS_NOTE,
  guardAs,
  readStatusAs,
} from './actionContext';

/** Who holds each of a gate's approver roles on the record (unassigned when nobody does). */
export function holdersOf(status: GovernanceStatus, roles: readonly string[]) {
  const held = status.record.roles as Record<string, string | undefined>;
  return roles.map(role => ({ role, holder: held[role] ?? 'unassigned' }));
}

/** The gates that stop the next stage: open gates of this stage, or every open gate before live. */
export function blockingGates(status: GovernanceStatus) {
  const next = status.nextStage;
  if (!next) return [];
  return status.gates
    .filter(
      g =>
        !isGateClosed(g.status) &&
        (next === 'live' || g.stage === status.record.stage),
    )
    .map(g => {
      const decided = new Set(
        g.decisions
          .filter(d => !d.stale && d.decision === 'approve')
          .map(d => d.role),
      );
      return {
        gateId: g.id,
        title: g.title,
        stage: g.stage,
        status: g.status,
        dueAt: g.dueAt,
        reasons: g.blockers,
        waitingOn: holdersOf(
          status,
          g.approverRoles.filter(r => !decided.has(r)),
        ),
      };
    });
}

export function registerStatusActions(
  actions: ActionsRegistryService,
  deps: GovernanceActionDeps,
) {
  actions.register({
    name: 'get-governance-status',
    title: 'Governance status of an integration',
    description: `The governance status of a healthcare integration: its stage, the next stage, and exactly what blocks moving there: each open gate with why it cannot be approved yet (missing evidence, prerequisites, failed tests) and who it is waiting on (the role and its holder). Use it for questions like "what is blocking go-live of the lab-results feed?". Checked as the calling user, like GET /integrations/{namespace}/{name}. ${HUMAN_DECISIONS_NOTE}`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The integration, e.g. component:default/lab-results-portal or lab-results-portal',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string(),
          stage: z.string(),
          nextStage: z.string().optional(),
          canAdvance: z.boolean(),
          blockers: z.array(
            z.object({
              gateId: z.string(),
              title: z.string(),
              stage: z.string(),
              status: z.string(),
              dueAt: z.string(),
              reasons: z.array(z.string()),
              waitingOn: z.array(
                z.object({ role: z.string(), holder: z.string() }),
              ),
            }),
          ),
          openChangeRequests: z.array(
            z.object({
              id: z.string(),
              status: z.string(),
              summary: z.string(),
            }),
          ),
          policyHash: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, status } = await readStatusAs(
        deps,
        credentials,
        input.entityRef,
      );
      const blockers = blockingGates(status);
      return {
        output: {
          entityRef,
          title: status.record.title,
          stage: status.record.stage,
          nextStage: status.nextStage,
          canAdvance: !!status.nextStage && blockers.length === 0,
          blockers,
          openChangeRequests: status.changeRequests
            .filter(c => c.status !== 'closed' && c.status !== 'cancelled')
            .map(c => ({ id: c.id, status: c.status, summary: c.summary })),
          policyHash: status.record.policyHash,
        },
      };
    },
  });

  actions.register({
    name: 'list-my-pending-reviews',
    title: 'My pending governance reviews',
    description: `The gates waiting on the calling user's decision: gates in review whose approver role the user holds, directly or through a group, never on their own requests; with due dates and whether they are overdue. Checked as the calling user, like GET /inbox. ${HUMAN_DECISIONS_NOTE}`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          limit: z.number().int().min(1).max(500).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string(),
              gateId: z.string(),
              gateTitle: z.string(),
              stage: z.string(),
              status: z.string(),
              roles: z.array(z.string()),
              dueAt: z.string(),
              overdue: z.boolean(),
            }),
          ),
          hasMore: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const query = input.limit === undefined ? {} : { limit: input.limit };
      const { actor, permissionFilter } = await guardAs(
        deps,
        'inbox',
        credentials,
        { query },
      );
      const { items, hasMore } = await deps.service.inbox(
        actor.ref,
        input.limit,
        decidePermittedOn(deps.permissions, credentials),
        permissionFilter,
      );
      return { output: { items, hasMore } };
    },
  });
}
