import {
  defaultEntityPresentation,
  type EntityPresentationApi,
} from '@backstage/plugin-catalog-react';

/**
 * The catalog's entity presentation for a few refs, as the app's default presentation API
 * gives it: a user's `spec.profile.displayName` as the primary title. Refs not named fall
 * back to the default presentation (the shortened ref), as for an entity the catalog lacks.
 */
export function fakePresentation(
  displayNames: Record<string, string>,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef) {
      const fallback = defaultEntityPresentation(entityOrRef);
      const ref =
        typeof entityOrRef === 'string' ? entityOrRef : fallback.entityRef;
      const snapshot = displayNames[ref]
        ? { ...fallback, primaryTitle: displayNames[ref] }
        : fallback;
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}
