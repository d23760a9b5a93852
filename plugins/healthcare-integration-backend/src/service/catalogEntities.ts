import { z } from 'zod';
import type {
  IntegrationProfile,
  RoleHolders,
  Stage,
} from '@internal/plugin-healthcare-integration-common';

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

export interface CatalogEntityRecord {
  entityRef: string;
  title: string;
  profile: IntegrationProfile;
  roles: RoleHolders;
  requester: string;
  stage: Stage;
  createdAt: string;
}

export interface CatalogEntityPage {
  items: CatalogEntityRecord[];
  nextCursor?: string;
}
