import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { seedExamples } from './examples/seedExamples';

export { ExampleRecordSeeder } from './examples/ExampleRecordSeeder';
export { EXAMPLE_SCENARIOS } from './examples/scenarios';

/**
 * Example governance records for the example catalog, so that a newcomer's portal shows
 * integrations at different stages. It works only through public surfaces, as people would:
 * it signs in as the example users (the example-users auth provider) and calls the plugin's
 * REST API, so every step passes the same permission checks, role checks and audit trail.
 */
export default createBackendModule({
  pluginId: 'healthcare-integration',
  moduleId: 'example-records',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, discovery, auth, lifecycle, catalog }) {
        if (!config.getOptionalBoolean('exampleRecords.enabled')) return;
        lifecycle.addStartupHook(() => {
          // Not awaited: the catalog needs a few seconds to ingest the example entities.
          seedExamples({ logger, discovery, auth, catalog }).catch(e =>
            logger.error(`Could not seed example records: ${e}`),
          );
        });
      },
    });
  },
});
