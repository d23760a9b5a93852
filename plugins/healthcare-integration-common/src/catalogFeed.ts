import type { IntegrationProfile, RoleHolders, Stage } from './types';

/**
 * One governance record as `GET /catalog-entities` serves it: what the catalog module needs
 * to publish the record as a catalog Component.
 *
 * @public
 */
export interface CatalogEntityRecord {
  entityRef: string;
  title: string;
  profile: IntegrationProfile;
  roles: RoleHolders;
  requester: string;
  stage: Stage;
  createdAt: string;
}

/** @public */
export interface CatalogEntityPage {
  items: CatalogEntityRecord[];
  nextCursor?: string;
}
