import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { ENTITY_REF_PARAMS } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Actor } from '../engine/types';
import { parseInput } from '../lib/errors';
import type { RouteSpec } from '../lib/routeSpec';
import { conditionToFilter } from '../permissions/recordFilter';
import type { AccessFloor } from './accessFloor';

/** Path parameters other than the entity name: ids, scenarios, row ids. No NUL ever reaches SQL. */
const PATH_PARAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface RouteGuardDeps {
  permissions: PermissionsService;
  floor: AccessFloor;
}

export interface RouteInput {
  params?: Record<string, string>;
  body?: unknown;
  query?: unknown;
}

export interface GuardedCall {
  actor: Actor;
  /** The record named in the path, when the route has one ('' otherwise). */
  entityRef: string;
  /** A conditional permission decision as a query filter (list routes). */
  permissionFilter?: ReturnType<typeof conditionToFilter>;
}

/**
 * Everything a route checks before its handler runs, in order: path parameters, principal
 * kind, the permission framework (on the record when the route names one), the PHI floor and
 * the published request schema. The HTTP router and the AI-agent actions both call it, so an
 * action is refused exactly where the API refuses.
 */
export async function guardRoute(
  deps: RouteGuardDeps,
  route: RouteSpec,
  credentials: BackstageCredentials,
  input: RouteInput,
): Promise<GuardedCall> {
  const params = input.params ?? {};
  checkPathParams(params);
  checkPrincipal(route, credentials);
  const actor = actorOf(credentials);
  const entityRef = route.onRecord ? entityRefFromParams(params) : '';
  const permissionFilter = await authorize(
    deps.permissions,
    route,
    credentials,
    entityRef,
  );
  if (route.phiFloor) await deps.floor.check(route.id, entityRef, actor);
  // The published request schema is enforced here for every route, whatever the
  // handler parses after it (a handler cannot accept what the document refuses).
  if (route.params) parseInput(route.params, params);
  if (route.body) parseInput(route.body, input.body);
  if (route.query) parseInput(route.query, input.query);
  return { actor, entityRef, permissionFilter };
}

export function checkPathParams(params: Record<string, string>) {
  for (const [name, value] of Object.entries(params)) {
    if (name === 'namespace' || name === 'name') continue;
    if (!PATH_PARAM.test(value)) {
      throw new InputError(
        `Invalid ${name}: must be letters, digits and . _ - (at most 100)`,
      );
    }
  }
}

/** People decide and edit; services ingest. A principal on a route not meant for it gets 403. */
export function checkPrincipal(
  route: RouteSpec,
  credentials: BackstageCredentials,
) {
  const allowed = route.principals ?? ['user'];
  const type = (credentials.principal as { type: string }).type as
    | 'user'
    | 'service';
  if (!allowed.includes(type)) {
    const who = type === 'service' ? 'a service principal' : 'a user';
    throw new NotAllowedError(
      `${route.id} accepts ${allowed.join(
        ' or ',
      )} credentials only; ${who} may not call it (rule: principal-kind)`,
    );
  }
}

export function actorOf(credentials: BackstageCredentials): Actor {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user')
    return { ref: principal.userEntityRef!, isUser: true };
  return { ref: principal.subject ?? 'service', isUser: false };
}

function entityRefFromParams(params: Record<string, string>) {
  const { namespace, name } = parseInput(z.object(ENTITY_REF_PARAMS), params);
  return stringifyEntityRef({ kind: 'component', namespace, name });
}

async function authorize(
  permissions: PermissionsService,
  route: RouteSpec,
  credentials: BackstageCredentials,
  entityRef: string,
) {
  if (!route.permission) return undefined;
  const permission = route.permission as any;
  const isResource = 'resourceType' in route.permission;
  if (route.conditionalList && isResource) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY)
      throw new NotAllowedError(`Not allowed: ${route.permission.name}`);
    return decision.result === AuthorizeResult.CONDITIONAL
      ? conditionToFilter(decision.conditions)
      : undefined;
  }
  const request =
    route.onRecord && isResource
      ? { permission, resourceRef: entityRef }
      : { permission };
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${route.permission.name}`);
  }
  return undefined;
}
