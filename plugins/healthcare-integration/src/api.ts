import { createApiRef } from '@backstage/core-plugin-api';
import type { HealthcareIntegrationClient } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The frontend API: exactly the public surface of the shared REST client, so the browser,
 * the scaffolder actions and the tests all speak to the backend through one implementation.
 *
 * @public
 */
export type HealthcareIntegrationApi = Pick<
  HealthcareIntegrationClient,
  keyof HealthcareIntegrationClient
>;

/** @public */
export const healthcareIntegrationApiRef =
  createApiRef<HealthcareIntegrationApi>({
    id: 'plugin.healthcare-integration.service',
  });
