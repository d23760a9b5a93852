import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Integrations are catalog Components; a bare name means `component:default/<name>`. */
export function normalizeIntegrationRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  );
}

/** The frontend route of the entity page and of its "Integration governance" tab. */
export function entityUrlPaths(ref: string) {
  const { kind, namespace, name } = parseEntityRef(ref, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  const entityUrlPath = `/catalog/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
  return {
    entityUrlPath,
    recordUrlPath: `${entityUrlPath}/healthcare-integration`,
  };
}
