/**
 * Catalog module for healthcare integrations: validates the governance profile of
 * `spec.type: healthcare-integration` components, draws their data flow in the catalog graph,
 * and publishes records created through intake as catalog entities.
 *
 * Install: `backend.add(import('@hcig/backstage-plugin-catalog-backend-module-healthcare-integration'));`
 *
 * @packageDocumentation
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { HealthcareIntegrationEntityProcessor } from './HealthcareIntegrationEntityProcessor';
import { HealthcareIntegrationEntityProvider } from './HealthcareIntegrationEntityProvider';

/**
 * Registers {@link HealthcareIntegrationEntityProcessor} and
 * {@link HealthcareIntegrationEntityProvider} with the catalog.
 *
 * @public
 */
export const catalogModuleHealthcareIntegration = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'healthcare-integration',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({
        catalogProcessing,
        config,
        logger,
        discovery,
        auth,
        scheduler,
        catalog,
      }) {
        catalogProcessing.addProcessor(
          new HealthcareIntegrationEntityProcessor(),
        );
        catalogProcessing.addEntityProvider(
          new HealthcareIntegrationEntityProvider({
            discovery,
            auth,
            catalog,
            logger,
            scheduler,
            frequencySeconds:
              config.getOptionalNumber(
                'healthcareIntegration.catalogProvider.frequencySeconds',
              ) ?? 30,
          }),
        );
      },
    });
  },
});

export default catalogModuleHealthcareIntegration;
export { HealthcareIntegrationEntityProcessor } from './HealthcareIntegrationEntityProcessor';
export {
  HealthcareIntegrationEntityProvider,
  RECORDS_LOCATION,
  recordToEntity,
} from './HealthcareIntegrationEntityProvider';
export type { HealthcareIntegrationEntityProviderOptions } from './HealthcareIntegrationEntityProvider';
export {
  HEALTHCARE_INTEGRATION_TYPE,
  RECORD_REF_ANNOTATION,
  RELATION_RECEIVES_DATA_FROM,
  RELATION_SENDS_DATA_TO,
} from './relations';
export {
  validateHealthcareSpec,
  type HealthcareSpec,
} from './validateHealthcareSpec';
