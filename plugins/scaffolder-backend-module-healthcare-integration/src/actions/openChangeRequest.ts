import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import {
  CHANGE_CLASSES,
  CHANGE_CLASS_LABELS,
  CHANGE_STATUS_LABELS,
  CHANGE_TYPES,
  CHANGE_TYPE_LABELS,
  DEFAULT_POLICY,
  INITIAL_CHANGE_STATUS,
  type OpenChangeRequestRequest,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { GovernanceApi, type HealthcareActionOptions } from './api';
import { entityUrlPaths, normalizeIntegrationRef } from './paths';

/** "change request (Normal, New field)": the class and type as the tab names them. */
function describeChange(body: OpenChangeRequestRequest): string {
  return `change request (${
    CHANGE_CLASS_LABELS[body.changeClass ?? 'normal']
  }, ${CHANGE_TYPE_LABELS[body.type]})`;
}

export const OPEN_CHANGE_REQUEST_ACTION_ID = 'healthcare:change-request:open';

/**
 * `healthcare:change-request:open` — opens a standard, normal or emergency change on a live
 * integration. The backend reopens the gates its policy names for the change type.
 */
export function openChangeRequestAction(options: HealthcareActionOptions) {
  return createTemplateAction({
    id: OPEN_CHANGE_REQUEST_ACTION_ID,
    description:
      'Opens a change request on an existing healthcare integration; the policy decides which gates reopen.',
    supportsDryRun: true,
    examples: [
      {
        description: 'An EHR upgrade on the lab orders interface',
        example: `steps:
  - id: change
    action: ${OPEN_CHANGE_REQUEST_ACTION_ID}
    input:
      entityRef: component:default/ehr-lab-orders
      type: ehr-upgrade
      changeClass: normal
      summary: Epic 2025 upgrade changes ORM segment order
      impactAssessment: OBR-4 codes move to a new table; orders queue for up to 10 minutes during cutover.
      notify: [group:default/clinical-informatics, user:default/jordan.lee]`,
      },
    ],
    schema: {
      input: {
        entityRef: z => z.string().describe('Entity ref of the integration'),
        type: z => z.enum(CHANGE_TYPES).describe('What kind of change'),
        changeClass: z =>
          z
            .enum(CHANGE_CLASSES)
            .optional()
            .describe(
              'standard (pre-authorised by policy), normal (default) or emergency',
            ),
        summary: z =>
          z.string().min(1).max(500).describe('One line: what changes'),
        impactAssessment: z =>
          z.string().min(1).describe('Who and what is affected, and how'),
        notify: z =>
          z
            .array(z.string())
            .optional()
            .describe('User or group refs to tell about the change'),
      },
      output: {
        changeRequestId: z =>
          z.string().describe('Id of the new change request'),
        status: z =>
          z
            .string()
            .describe('Its workflow status (assess, authorise or implement)'),
        reopenedGates: z =>
          z.array(z.string()).describe('Gates the change reopened'),
        recordUrlPath: z =>
          z
            .string()
            .describe('Frontend path of the "Integration governance" tab'),
      },
    },
    async handler(ctx) {
      const entityRef = normalizeIntegrationRef(ctx.input.entityRef);
      const body: OpenChangeRequestRequest = {
        type: ctx.input.type,
        changeClass: ctx.input.changeClass ?? 'normal',
        summary: ctx.input.summary,
        impactAssessment: ctx.input.impactAssessment,
        // A picker left empty can yield blanks; they are not recipients.
        notify: (ctx.input.notify ?? []).filter(n => n.trim() !== ''),
      };
      ctx.output('recordUrlPath', entityUrlPaths(entityRef).recordUrlPath);

      if (ctx.isDryRun) {
        // The same refusal the backend gives, so a dry run does not promise what the run refuses.
        if (
          body.changeClass === 'standard' &&
          !DEFAULT_POLICY.changeTypes[body.type].standardAllowed
        ) {
          throw new InputError(
            `Invalid changeClass: ${CHANGE_TYPE_LABELS[body.type]} (${
              body.type
            }) is not pre-authorised as a standard change by the default policy; use normal or emergency`,
          );
        }
        const reopens =
          body.changeClass === 'standard'
            ? []
            : DEFAULT_POLICY.changeTypes[body.type].reopens;
        ctx.logger.info(
          `Dry run: would open a ${describeChange(
            body,
          )} on ${entityRef} notifying ${
            body.notify!.join(', ') || 'nobody'
          }; the default policy reopens: ${reopens.join(', ') || 'nothing'}`,
        );
        ctx.output('changeRequestId', 'dry-run');
        ctx.output(
          'status',
          INITIAL_CHANGE_STATUS[body.changeClass ?? 'normal'],
        );
        ctx.output('reopenedGates', reopens);
        return;
      }

      const api = new GovernanceApi({
        ...options,
        credentials: () => ctx.getInitiatorCredentials(),
        logger: ctx.logger,
      });
      const result = await ctx.checkpoint({
        key: `change-request:${entityRef}`,
        fn: async () => {
          ctx.logger.info(`Opening a ${describeChange(body)} on ${entityRef}`);
          const status = await api.openChangeRequest(entityRef, body);
          // The API answers with the whole status; the new request is the latest one we opened.
          const created = [...status.changeRequests]
            .filter(
              c => c.type === body.type && c.summary === body.summary.trim(),
            )
            .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0];
          if (!created) {
            throw new Error(
              `The change request was opened on ${entityRef} but is missing from the returned status`,
            );
          }
          return {
            id: created.id,
            status: created.status,
            reopenedGates: created.reopenedGates,
          };
        },
      });
      ctx.logger.info(
        `Opened change request ${result.id} (${
          CHANGE_STATUS_LABELS[result.status] ?? result.status
        }); reopened gates: ${result.reopenedGates.join(', ') || 'none'}`,
      );
      ctx.output('changeRequestId', result.id);
      ctx.output('status', result.status);
      ctx.output('reopenedGates', result.reopenedGates);
    },
  });
}
