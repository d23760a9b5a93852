import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  IntegrationProfile,
  RoleHolders,
  profileSchema,
  requireVendorName,
  roleHoldersSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { z } from 'zod';
import { HEALTHCARE_INTEGRATION_TYPE } from './relations';

/** The governance profile of an integration entity, as `spec.healthcare` holds it. */
export const healthcareSpecSchema = profileSchema
  .extend({ roles: roleHoldersSchema })
  .superRefine((v, ctx) => requireVendorName(v, ctx));

export type HealthcareSpec = IntegrationProfile & { roles: RoleHolders };

/** Enum fields named in words, so `unknown data class "labs"` reads better than `invalid enum`. */
const ENUM_NOUNS: Record<string, string> = {
  dataClasses: 'data class',
  urgency: 'urgency',
};
const MAX_REPORTED_ISSUES = 5;

export function isHealthcareIntegration(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === HEALTHCARE_INTEGRATION_TYPE
  );
}

/** `Component ehr-lab-orders`, with the namespace only when it is not the default one. */
export function describeEntity(entity: Entity): string {
  const ns = entity.metadata.namespace;
  const name =
    ns && ns !== 'default'
      ? `${ns}/${entity.metadata.name}`
      : entity.metadata.name;
  return `${entity.kind} ${name}`;
}

function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`),
    'spec.healthcare',
  );
}

function describeIssue(issue: z.ZodIssue): string {
  const field = fieldPath(issue.path);
  if (
    issue.code === z.ZodIssueCode.invalid_type &&
    issue.received === 'undefined'
  ) {
    return `${field} is required`;
  }
  if (issue.code === z.ZodIssueCode.invalid_enum_value) {
    const key =
      issue.path.find((p): p is string => typeof p === 'string') ?? '';
    const noun = ENUM_NOUNS[key] ?? 'value';
    return `${field}: unknown ${noun} ${JSON.stringify(
      issue.received,
    )}; expected one of ${issue.options.join(', ')}`;
  }
  if (
    issue.code === z.ZodIssueCode.custom &&
    issue.message.startsWith('is required')
  ) {
    return `${field} ${issue.message}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Validates `spec.healthcare` of an integration entity with the same zod schemas the API uses
 * for intake, so a Git-defined entity cannot hold a profile the governance backend would refuse.
 * Throws an InputError naming the entity and every offending field (the first few).
 */
export function validateHealthcareSpec(entity: Entity): HealthcareSpec {
  const who = describeEntity(entity);
  const raw = entity.spec?.healthcare;
  if (raw === undefined || raw === null) {
    throw new InputError(
      `${who}: spec.healthcare is required for spec.type ${HEALTHCARE_INTEGRATION_TYPE}`,
    );
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(`${who}: spec.healthcare must be an object`);
  }
  const result = healthcareSpecSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues;
    const shown = issues.slice(0, MAX_REPORTED_ISSUES).map(describeIssue);
    const more =
      issues.length > shown.length
        ? ` (and ${issues.length - shown.length} more)`
        : '';
    throw new InputError(`${who}: ${shown.join('; ')}${more}`);
  }
  return result.data as HealthcareSpec;
}
