import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ROLES,
  type IntegrationProfile,
  type RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';

export function normalizeRef(ref: string, defaultKind: string) {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  );
}

export function normalizeProfile<T extends Partial<IntegrationProfile>>(
  profile: T,
): T {
  return {
    ...profile,
    ...(profile.sourceSystem
      ? { sourceSystem: normalizeRef(profile.sourceSystem, 'component') }
      : {}),
    ...(profile.destinationSystem
      ? {
          destinationSystem: normalizeRef(
            profile.destinationSystem,
            'component',
          ),
        }
      : {}),
  };
}

export function normalizeRoles<T extends Partial<RoleHolders>>(roles: T): T {
  return Object.fromEntries(
    ROLES.filter(r => roles[r]).map(r => [r, normalizeRef(roles[r]!, 'group')]),
  ) as T;
}

export function encodeCursor(ref: string) {
  return Buffer.from(ref, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string) {
  const ref = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ref.includes(':')) {
    throw new InputError('Invalid cursor: not a cursor this API returned');
  }
  return ref;
}
