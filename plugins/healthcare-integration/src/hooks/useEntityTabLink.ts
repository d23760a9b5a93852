import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { HEALTHCARE_INTEGRATION_TYPE, entityTabPath } from '../entity';

/** Resolves the catalog's entity route if the app mounts one; undefined otherwise. */
function useOptionalEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    // Not mounted (tests, or an app without the catalog page): fall back to the default path.
    return undefined;
  }
}

/**
 * A function giving the link to an integration's "Integration governance" tab, through the
 * app's catalog entity route when it is mounted, else `/catalog/<ns>/<kind>/<name>/…`.
 */
export function useEntityTabLink(): (entityRef: string) => string {
  const entityRoute = useOptionalEntityRoute();
  return useCallback(
    (entityRef: string) => {
      if (entityRoute) {
        try {
          const base = entityRoute(
            entityRouteParams(entityRef, { encodeParams: true }),
          );
          return `${base.replace(/\/$/, '')}/${HEALTHCARE_INTEGRATION_TYPE}`;
        } catch {
          // fall through to the conventional path
        }
      }
      return entityTabPath(entityRef);
    },
    [entityRoute],
  );
}
