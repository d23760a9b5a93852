import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { nameOfRef } from '@hcig/backstage-plugin-healthcare-integration-common';

const CACHE_MS = 5 * 60_000;

/** How a sentence names each person or group: a lookup built from one catalog read. */
export type NameOf = (ref: string) => string;

/**
 * People and groups as the catalog names them (`spec.profile.displayName`, then
 * `metadata.title`), for text the backend writes: notices and reopen reasons. A catalog that
 * does not answer never fails the decision or the notice: the sentence then names the ref's
 * name part (`sam.okafor`), as the tab does for refs it cannot resolve.
 */
export class PersonNames {
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async namesOf(refs: Iterable<string>): Promise<NameOf> {
    const now = Date.now();
    const wanted = [...new Set(refs)].filter(
      ref => isCatalogRef(ref) && !this.fresh(ref, now),
    );
    if (wanted.length) await this.load(wanted, now);
    return ref => this.cache.get(ref)?.name ?? nameOfRef(ref);
  }

  async nameOf(ref: string): Promise<string> {
    return (await this.namesOf([ref]))(ref);
  }

  private fresh(ref: string, now: number) {
    const hit = this.cache.get(ref);
    return !!hit && now - hit.at < CACHE_MS;
  }

  private async load(refs: string[], now: number) {
    try {
      const { items } = await this.catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['metadata.title', 'spec.profile.displayName'],
        },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      refs.forEach((ref, i) => {
        const entity = items[i];
        const profile = (
          entity?.spec as { profile?: { displayName?: unknown } }
        )?.profile;
        const name =
          textOf(profile?.displayName) ??
          textOf(entity?.metadata?.title) ??
          nameOfRef(ref);
        this.cache.set(ref, { name, at: now });
      });
    } catch {
      // Not cached: the next sentence asks the catalog again.
    }
  }
}

function isCatalogRef(ref: string) {
  return ref.startsWith('user:') || ref.startsWith('group:');
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
