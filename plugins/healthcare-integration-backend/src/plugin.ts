import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { healthcareIntegrationPermissions } from '@internal/plugin-healthcare-integration-common';
import { readPolicy } from './config/readPolicy';
import { AuditLog } from './database/AuditLog';
import { applyDatabaseMigrations } from './database/migrations';
import { integrationPermissionRules, integrationResourceRef } from './permissions/resource';
import { GovernanceService } from './service/GovernanceService';
import { RoleResolver } from './service/RoleResolver';
import { createRouter } from './service/router';

/**
 * The healthcare-integration backend plugin: policy-driven gates, evidence, approvals,
 * lifecycle, change requests and the tamper-evident audit trail.
 *
 * @public
 */
export const healthcareIntegrationPlugin = createBackendPlugin({
  pluginId: 'healthcare-integration',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        catalog,
      }) {
        const policy = readPolicy(config);
        const db = await applyDatabaseMigrations(database);
        const service = new GovernanceService(
          db,
          policy,
          new RoleResolver(catalog, auth),
          new AuditLog(db),
          events =>
            events.forEach(e =>
              logger.debug(`audit ${e.integrationRef}#${e.seq} ${e.action} by ${e.actor}`),
            ),
        );

        permissionsRegistry.addResourceType({
          resourceRef: integrationResourceRef,
          permissions: healthcareIntegrationPermissions,
          rules: integrationPermissionRules,
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                const row = await service.getRecordRow(ref);
                if (!row) return undefined;
                const profile = JSON.parse(row.profile);
                return {
                  entityRef: row.entity_ref,
                  stage: row.stage,
                  phi: Boolean(row.phi),
                  externalVendor: Boolean(profile.externalVendor),
                  patientFacing: Boolean(profile.patientFacing),
                  requestedBy: row.requested_by,
                };
              }),
            ),
        });

        // Lapsed evidence (a BAA, an access review) reopens the gates it covered. The
        // scheduler runs it on one instance at a time.
        const minutes = config.getOptionalNumber('healthcareIntegration.expirySweepMinutes') ?? 10;
        await scheduler.scheduleTask({
          id: 'healthcare-integration-evidence-expiry',
          frequency: { minutes },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const reopened = await service.reopenGatesWithExpiredEvidence();
            if (reopened) logger.info(`Reopened ${reopened} gate(s) whose evidence expired`);
          },
        });

        httpRouter.use(await createRouter({ service, httpAuth, permissions, auditor }));
        logger.info(`Governance policy ${policy.hash.slice(0, 12)} with ${policy.policy.gates.length} gates`);
      },
    });
  },
});
