import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createHealthcareIntegrationActions } from './actions';

/**
 * Adds the `healthcare:*` actions to the scaffolder. They call the healthcare-integration
 * backend through discovery with service tokens issued on behalf of the template's user.
 */
export const scaffolderModuleHealthcareIntegration = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'healthcare-integration',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          ...createHealthcareIntegrationActions({ discovery, auth }),
        );
      },
    });
  },
});
