import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { MappingService } from '../mapping/MappingService';
import { ROUTES } from '../schema/routes';
import {
  type GuardedCall,
  type RouteGuardDeps,
  type RouteInput,
  guardRoute,
} from '../service/routeGuard';

/** What the governance actions need: the engine, the mapping review and the route guard. */
export interface GovernanceActionDeps extends RouteGuardDeps {
  service: GovernanceEngine;
  mapping: MappingService;
}

/**
 * Checks an action as the HTTP route `routeId` would be checked for the same caller: principal
 * kind, permission (on the record), PHI floor and request schema. An action has no checks of
 * its own to drift from the API's.
 */
export function guardAs(
  deps: GovernanceActionDeps,
  routeId: string,
  credentials: BackstageCredentials,
  input: RouteInput,
): Promise<GuardedCall> {
  const route = ROUTES.find(r => r.id === routeId);
  if (!route) throw new Error(`No route ${routeId}`);
  return guardRoute(deps, route, credentials, input);
}

/**
 * An integration named as an AI client would name it: `component:default/lab-results-portal`,
 * `default/lab-results-portal` or `lab-results-portal`; as path parameters of the record routes.
 */
export function recordParams(entityRef: string): {
  namespace: string;
  name: string;
} {
  let ref;
  try {
    ref = parseEntityRef(entityRef.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new InputError(`Invalid entityRef: ${(e as Error).message}`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `Invalid entityRef: integrations are components, not ${ref.kind}`,
    );
  }
  return { namespace: ref.namespace, name: ref.name };
}

/** An integration's status, read as `GET /integrations/:namespace/:name` reads it for this caller. */
export async function readStatusAs(
  deps: GovernanceActionDeps,
  credentials: BackstageCredentials,
  entityRefInput: string,
) {
  const { entityRef } = await guardAs(deps, 'get-integration', credentials, {
    params: recordParams(entityRefInput),
  });
  return { entityRef, status: await deps.service.getStatus(entityRef) };
}

/** Said in every action description: the agent reads, explains and proposes; people decide. */
export const HUMAN_DECISIONS_NOTE =
  'This action cannot approve, reject, waive or sign off anything: those decisions stay with people, by design, and no action exists for them.';
