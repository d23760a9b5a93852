import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  HolderIdentity,
  Role,
  RoleHolders,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { PersonNames } from './PersonNames';

const MAX_GROUP_DEPTH = 5;
const CACHE_MS = 30_000;

/**
 * Resolves which roles a user holds on a record: directly, or through membership of a group
 * (and its parent groups) as the catalog records it.
 */
export class RoleResolver {
  private readonly cache = new Map<string, { refs: Set<string>; at: number }>();
  /** How the same catalog names the people and groups it resolves (for written sentences). */
  readonly names: PersonNames;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {
    this.names = new PersonNames(catalog, auth);
  }

  /** The user's own ref plus every group it belongs to, transitively through parents. */
  async identityRefs(userRef: string): Promise<Set<string>> {
    const cached = this.cache.get(userRef);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.refs;
    const credentials = await this.auth.getOwnServiceCredentials();
    const refs = new Set<string>([userRef]);
    const user = await this.catalog.getEntityByRef(userRef, { credentials });
    let frontier = (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
    for (let depth = 0; depth < MAX_GROUP_DEPTH && frontier.length; depth++) {
      const fresh = frontier.filter(ref => !refs.has(ref));
      fresh.forEach(ref => refs.add(ref));
      if (!fresh.length) break;
      const { items } = await this.catalog.getEntitiesByRefs(
        {
          entityRefs: fresh,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.parent',
          ],
        },
        { credentials },
      );
      frontier = items.flatMap(g => {
        const parent = (g?.spec as { parent?: string } | undefined)?.parent;
        if (!g || !parent) return [];
        return [
          parent.includes(':')
            ? parent
            : stringifyEntityRef({
                kind: 'group',
                namespace: g.metadata.namespace,
                name: parent,
              }),
        ];
      });
    }
    this.cache.set(userRef, { refs, at: Date.now() });
    return refs;
  }

  /**
   * What the catalog says about a role holder: a user with its groups (parents included), or a
   * group with its ancestors; `undefined` when no such user or group exists.
   */
  async describeHolder(ref: string): Promise<HolderIdentity> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    const kind = entity?.kind.toLocaleLowerCase('en-US');
    if (kind === 'user')
      return { kind: 'user', refs: [...(await this.identityRefs(ref))] };
    if (kind !== 'group') return undefined;
    const refs = [ref];
    let parent = (entity!.spec as { parent?: string } | undefined)?.parent;
    let namespace = entity!.metadata.namespace ?? 'default';
    for (let depth = 0; parent && depth < MAX_GROUP_DEPTH; depth++) {
      const parentRef = parent.includes(':')
        ? parent
        : stringifyEntityRef({ kind: 'group', namespace, name: parent });
      if (refs.includes(parentRef)) break;
      refs.push(parentRef);
      const next = await this.catalog.getEntityByRef(parentRef, {
        credentials,
      });
      parent = (next?.spec as { parent?: string } | undefined)?.parent;
      namespace = next?.metadata.namespace ?? namespace;
    }
    return { kind: 'group', refs };
  }

  async rolesOf(userRef: string, holders: RoleHolders): Promise<Role[]> {
    const refs = await this.identityRefs(userRef);
    return (Object.keys(holders) as Role[]).filter(role =>
      refs.has(holders[role]),
    );
  }
}
