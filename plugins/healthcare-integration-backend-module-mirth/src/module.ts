import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { healthcareIntegrationMonitoringSourcesExtensionPoint } from '@hcig/backstage-plugin-healthcare-integration-node';
import { MirthClient } from './MirthClient';
import { MirthSource } from './MirthSource';

function readMirthEngines(config: Config) {
  return (
    config.getOptionalConfigArray('healthcareIntegration.mirth') ?? []
  ).map(c => ({
    id: c.getString('id'),
    baseUrl: c.getString('baseUrl').replace(/\/+$/, ''),
    username: c.getString('username'),
    password: c.getString('password'),
    pollMinutes: c.getOptionalNumber('pollMinutes') ?? 5,
  }));
}

/**
 * Adds every engine under `healthcareIntegration.mirth` as a monitoring source of the
 * healthcare-integration plugin.
 *
 * @public
 */
export const healthcareIntegrationModuleMirth = createBackendModule({
  pluginId: 'healthcare-integration',
  moduleId: 'mirth',
  register(reg) {
    reg.registerInit({
      deps: {
        sources: healthcareIntegrationMonitoringSourcesExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ sources, config, auth, catalog }) {
        sources.addMonitoringSource(
          ...readMirthEngines(config).map(
            engine =>
              new MirthSource(engine, new MirthClient(engine), catalog, auth),
          ),
        );
      },
    });
  },
});
