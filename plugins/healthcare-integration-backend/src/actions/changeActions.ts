import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CHANGE_CLASSES,
  CHANGE_TYPES,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  type GovernanceActionDeps,
  HUMAN_DECISIONS_NOTE,
  guardAs,
  recordParams,
} from './actionContext';

export function registerChangeActions(
  actions: ActionsRegistryService,
  deps: GovernanceActionDeps,
) {
  actions.register({
    name: 'validate-mapping-spec',
    title: 'Validate a data-mapping spec',
    description: `Validates a mapping spec (HL7 v2 / FHIR R4 source and destination paths, transforms, value types) without storing it: errors and warnings name the row and the path, with a suggestion when a near match exists. Same validation as POST /mappings/validate, checked as the calling user. ${HUMAN_DECISIONS_NOTE}`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          spec: z
            .record(z.unknown())
            .describe(
              'The mapping spec: { source: { format }, destination: { format }, rows: [...] } (docs/mapping-spec.md)',
            ),
        }),
      output: z =>
        z.object({
          valid: z.boolean(),
          errors: z.array(z.record(z.unknown())),
          warnings: z.array(z.record(z.unknown())),
        }),
    },
    action: async ({ input, credentials }) => {
      const body = { spec: input.spec };
      await guardAs(deps, 'validate-mapping', credentials, { body });
      const result = deps.mapping.validate(body);
      return {
        output: {
          valid: result.valid,
          errors: result.errors as unknown as Record<string, unknown>[],
          warnings: result.warnings as unknown as Record<string, unknown>[],
        },
      };
    },
  });

  actions.register({
    name: 'open-change-request',
    title: 'Open a change request',
    description: `Opens a change request on a live integration, acting as the calling user (recorded in the audit trail under their name), with the same rules as POST /integrations/{namespace}/{name}/change-requests: a standard change only for pre-authorised types, a normal or emergency change reopens the gates the policy names; a refusal names its rule. It only opens the request: assessing, authorising and reviewing it stay with people. ${HUMAN_DECISIONS_NOTE}`,
    attributes: { destructive: true, readOnly: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The integration, e.g. component:default/ehr-lab-orders'),
          type: z.enum(CHANGE_TYPES),
          changeClass: z.enum(CHANGE_CLASSES).optional(),
          summary: z.string().describe('5 to 500 characters'),
          impactAssessment: z
            .string()
            .describe(
              'What the change affects and how it is tested; 10 to 8000 characters',
            ),
          notify: z
            .array(z.string())
            .optional()
            .describe('Users or groups to notify, e.g. group:default/lab-ops'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          changeRequest: z.object({
            id: z.string(),
            type: z.string(),
            changeClass: z.string(),
            status: z.string(),
            summary: z.string(),
            requestedBy: z.string(),
            reopenedGates: z.array(z.string()),
          }),
          stage: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef: ref, ...fields } = input;
      const body = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => v !== undefined),
      );
      const { actor, entityRef } = await guardAs(
        deps,
        'open-change-request',
        credentials,
        { params: recordParams(ref), body },
      );
      const before = new Set(
        (await deps.service.getStatus(entityRef)).changeRequests.map(c => c.id),
      );
      const status = await deps.service.openChangeRequest(
        entityRef,
        body,
        actor,
      );
      const opened = status.changeRequests.find(c => !before.has(c.id))!;
      return {
        output: {
          entityRef,
          changeRequest: {
            id: opened.id,
            type: opened.type,
            changeClass: opened.changeClass,
            status: opened.status,
            summary: opened.summary,
            requestedBy: opened.requestedBy,
            reopenedGates: opened.reopenedGates,
          },
          stage: status.record.stage,
        },
      };
    },
  });
}
