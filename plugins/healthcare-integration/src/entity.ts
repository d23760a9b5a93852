import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The catalog `spec.type` of a governed integration component. */
export const HEALTHCARE_INTEGRATION_TYPE = 'healthcare-integration';
/** Annotation naming the governance record when its ref differs from the entity's own. */
export const RECORD_REF_ANNOTATION = 'healthcare-integration/record-ref';

/**
 * Whether an entity is a governed healthcare integration; use it in `EntitySwitch` and as the
 * tab/card filter.
 *
 * @public
 */
export function isHealthcareIntegration(entity: Entity): boolean {
  return (
    (entity.spec as { type?: unknown } | undefined)?.type ===
    HEALTHCARE_INTEGRATION_TYPE
  );
}

/** The governance record's ref: the annotation if present, else the entity's own ref. */
export function recordRefOf(entity: Entity): string {
  const annotated =
    entity.metadata.annotations?.[RECORD_REF_ANNOTATION]?.trim();
  return annotated ? annotated : stringifyEntityRef(entity);
}

/**
 * The catalog path of an integration's governance tab, for links from pages that do not know
 * how the catalog is mounted (`/catalog/<namespace>/<kind>/<name>/healthcare-integration`).
 */
export function entityTabPath(
  entityRef: string,
  catalogBase = '/catalog',
): string {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return `${catalogBase}/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}/${HEALTHCARE_INTEGRATION_TYPE}`;
}
