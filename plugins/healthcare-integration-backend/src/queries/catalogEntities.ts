import type { Knex } from 'knex';
import type { IntegrationRow } from '../database/rows';
import { parseInput } from '../lib/errors';
import { decodeCursor, encodeCursor } from '../lib/refs';
import { z } from 'zod';
import type {
  CatalogEntityPage,
  Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The `GET /catalog-entities` feed: what the catalog module's entity provider needs to publish
 * each governance record as a catalog Component. Kept apart from the portfolio list, which is
 * shaped for people (readiness, health) rather than for entity generation.
 */
export const catalogEntitiesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(200),
    cursor: z.string().max(300).optional(),
  })
  .strict();

/** Every record, cursor-paged by entity ref, in the shape the catalog entity provider needs. */
export async function listCatalogEntities(
  db: Knex,
  query: unknown,
): Promise<CatalogEntityPage> {
  const q = parseInput(catalogEntitiesQuerySchema, query);
  let page = db<IntegrationRow>('hip_integrations')
    .select(
      'entity_ref',
      'title',
      'profile',
      'roles',
      'requested_by',
      'stage',
      'created_at',
    )
    .orderBy('entity_ref', 'asc')
    .limit(q.limit + 1);
  if (q.cursor) page = page.where('entity_ref', '>', decodeCursor(q.cursor));
  const rows = await page;
  const items = rows.slice(0, q.limit);
  return {
    items: items.map(r => ({
      entityRef: r.entity_ref,
      title: r.title,
      profile: JSON.parse(r.profile),
      roles: JSON.parse(r.roles),
      requester: r.requested_by,
      stage: r.stage as Stage,
      createdAt: r.created_at,
    })),
    nextCursor:
      rows.length > q.limit
        ? encodeCursor(items[items.length - 1].entity_ref)
        : undefined,
  };
}
