/*
 * The example portal's backend: a stock Backstage backend plus the healthcare-integration
 * plugins, added the way a platform team adds them to its own portal (the three lines marked
 * "healthcare-integration").
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: pick one of the example users (development only; see modules/devSignIn.ts).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('./modules/devSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));

// A real permission policy, not allow-all (see modules/permissionPolicy.ts).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// healthcare-integration: governance engine, catalog entities, scaffolder actions.
backend.add(import('@hcig/backstage-plugin-healthcare-integration-backend'));
backend.add(
  import(
    '@hcig/backstage-plugin-catalog-backend-module-healthcare-integration'
  ),
);
backend.add(
  import(
    '@hcig/backstage-plugin-scaffolder-backend-module-healthcare-integration'
  ),
);

// Mirth Connect engines under healthcareIntegration.mirth become monitoring sources (none here).
backend.add(
  import('@hcig/backstage-plugin-healthcare-integration-backend-module-mirth'),
);

// AI clients reach the governance actions as MCP tools (backend.actions.pluginSources in
// app-config); each call runs as the calling user, under the same rules as the API.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Example records at different lifecycle stages for the example catalog (development only).
backend.add(import('./modules/exampleRecords'));

backend.start();
