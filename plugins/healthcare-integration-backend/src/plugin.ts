import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { registerGovernanceActions } from './actions/registerGovernanceActions';
import { ExceptionNotifier } from './monitoring/ExceptionNotifier';
import { AfterCommit } from './notifications/afterCommit';
import { changeNoticeRecorder } from './notifications/changeNotices';
import { NoticeDispatcher } from './notifications/dispatcher';
import {
  GovernanceSignals,
  ThrottledRecordSignals,
} from './notifications/signals';
import {
  ScheduledNotices,
  readScheduledNoticeSettings,
} from './notifications/slaCheck';
import { MonitoringService } from './monitoring/MonitoringService';
import {
  type ApprovalCheck,
  type MonitoringSource,
  healthcareIntegrationApprovalChecksExtensionPoint,
  healthcareIntegrationMonitoringSourcesExtensionPoint,
} from '@hcig/backstage-plugin-healthcare-integration-node';
import { BUILT_IN_APPROVAL_CHECKS } from './approvalChecks';
import { scheduleMonitoringSources } from './sources/scheduleMonitoringSources';
import { healthcareIntegrationPermissions } from '@hcig/backstage-plugin-healthcare-integration-common';
import { readPolicy } from './config/readPolicy';
import { PolicyVersionStore } from './policyVersions/PolicyVersionStore';
import { schedulePolicyRederive } from './policyVersions/schedulePolicyRederive';
import { AuditLog } from './database/AuditLog';
import { applyDatabaseMigrations } from './database/migrations';
import {
  integrationPermissionRules,
  integrationResourceRef,
} from './permissions/resource';
import { GovernanceEngine } from './engine/GovernanceEngine';
import { MappingService } from './mapping/MappingService';
import { AccessFloor } from './service/accessFloor';
import { RoleResolver } from './engine/RoleResolver';
import { createRouter } from './service/router';
import { AuditService } from './audit/auditService';
import { DirectoryCheckpointArchive } from './audit/checkpointArchive';
import { CheckpointStore } from './audit/checkpointStore';
import { loadSigningKeys } from './audit/signingKeys';
import { HttpTimestampAuthority } from './audit/timestampAuthority';

/** Events service topic on which monitoring events (one, or `{ events: [...] }`) are accepted. */
export const MONITORING_TOPIC = 'healthcare-integration.monitoring';

/**
 * The healthcare-integration backend plugin: policy-driven gates, evidence, approvals,
 * lifecycle, change requests and the tamper-evident audit trail.
 *
 * @public
 */
export const healthcareIntegrationPlugin = createBackendPlugin({
  pluginId: 'healthcare-integration',
  register(env) {
    const approvalChecks: ApprovalCheck[] = [...BUILT_IN_APPROVAL_CHECKS];
    const monitoringSources: MonitoringSource[] = [];
    env.registerExtensionPoint(
      healthcareIntegrationApprovalChecksExtensionPoint,
      {
        addApprovalCheck: (...checks) => approvalChecks.push(...checks),
      },
    );
    env.registerExtensionPoint(
      healthcareIntegrationMonitoringSourcesExtensionPoint,
      {
        addMonitoringSource: (...sources) => monitoringSources.push(...sources),
      },
    );
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
        notifications: notificationService,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        metrics: metricsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
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
        notifications,
        signals,
        events,
        metrics,
        actionsRegistry,
      }) {
        const policy = readPolicy(config);
        // Before anything else: without a signing key (outside development) the backend does not start.
        const signingKeys = loadSigningKeys(config, logger);
        const db = await applyDatabaseMigrations(database);
        const roles = new RoleResolver(catalog, auth);
        // Set just below: it reads the engine's status, and the engine calls it after commits.
        const followUp: { current?: AfterCommit } = {};
        const service = new GovernanceEngine(
          db,
          policy,
          roles,
          new AuditLog(db),
          appended => {
            appended.forEach(e =>
              logger.debug(
                `audit ${e.integrationRef}#${e.seq} ${e.action} by ${e.actor}`,
              ),
            );
            followUp.current?.handle(appended);
          },
        );
        const dispatcher = new NoticeDispatcher(
          db,
          notifications,
          logger,
          undefined,
          changeNoticeRecorder(service),
          config.getOptionalNumber(
            'healthcareIntegration.notifications.maxPerRecipientPerHour',
          ) ?? 30,
        );
        const governanceSignals = new GovernanceSignals(signals, logger);
        followUp.current = new AfterCommit({
          readStatus: ref => service.getStatus(ref),
          namesOf: refs => roles.names.namesOf(refs),
          dispatcher,
          signals: governanceSignals,
          logger,
        });

        // SLA reminders, escalation and expiring evidence. The scheduler runs the check on one
        // instance at a time; each notice's claim makes a second run send nothing twice.
        const scheduledNotices = new ScheduledNotices(
          db,
          dispatcher,
          readScheduledNoticeSettings(config, policy.policy),
        );
        await scheduler.scheduleTask({
          id: 'healthcare-integration-scheduled-notices',
          frequency: {
            minutes:
              config.getOptionalNumber(
                'healthcareIntegration.notifications.checkMinutes',
              ) ?? 15,
          },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const sent = await scheduledNotices.run();
            if (sent)
              logger.info(`Sent ${sent} SLA or evidence-expiry notice(s)`);
          },
        });

        // Checked against the policy here: a check on a gate it does not define stops start-up.
        approvalChecks.forEach(check => service.registerApprovalCheck(check));

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
                const roleHolders: string[] = Object.values(
                  JSON.parse(row.roles),
                );
                return {
                  entityRef: row.entity_ref,
                  stage: row.stage,
                  phi: Boolean(row.phi),
                  externalVendor: Boolean(profile.externalVendor),
                  patientFacing: Boolean(profile.patientFacing),
                  requestedBy: row.requested_by,
                  participants: [row.requested_by, ...roleHolders],
                };
              }),
            ),
        });

        // Lapsed evidence (a BAA, an access review) reopens the gates it covered. The
        // scheduler runs it on one instance at a time.
        const minutes =
          config.getOptionalNumber(
            'healthcareIntegration.expirySweepMinutes',
          ) ?? 10;
        await scheduler.scheduleTask({
          id: 'healthcare-integration-evidence-expiry',
          // Also ends expired waivers.
          frequency: { minutes },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const reopened = await service.reopenGatesWithExpiredEvidence();
            if (reopened)
              logger.info(
                `Reopened ${reopened} gate(s) whose evidence expired`,
              );
            const lapsed = await service.reopenExpiredWaivers();
            if (lapsed)
              logger.info(`Reopened ${lapsed} gate(s) whose waiver expired`);
          },
        });

        const monitoring = new MonitoringService(
          db,
          policy,
          service,
          roles,
          new ExceptionNotifier(
            db,
            notifications,
            policy.policy.monitoring.notifyEveryMinutes,
            logger,
          ),
          undefined,
          undefined,
          {
            logger,
            metrics,
            recordsChanged: new ThrottledRecordSignals(governanceSignals)
              .recordsChanged,
          },
        );
        // Recovered exceptions of the categories the policy lets resolve themselves.
        await scheduler.scheduleTask({
          id: 'healthcare-integration-monitoring-auto-resolve',
          frequency: {
            seconds:
              config.getOptionalNumber(
                'healthcareIntegration.monitoring.autoResolveSweepSeconds',
              ) ?? 60,
          },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            const resolved = await monitoring.autoResolveRecovered();
            if (resolved)
              logger.info(
                `Auto-resolved ${resolved} recovered monitoring exception(s)`,
              );
          },
        });
        // Other plugins and modules can publish monitoring events on the events service.
        await events.subscribe({
          id: 'healthcare-integration-monitoring',
          topics: [MONITORING_TOPIC],
          onEvent: async ({ eventPayload }) => {
            const payload = eventPayload as { events?: unknown[] };
            const result = await monitoring.ingest(
              Array.isArray(payload?.events) ? payload.events : [payload],
              'topic',
            );
            if (result.rejected.length) {
              logger.warn(
                `Rejected ${
                  result.rejected.length
                } monitoring event(s) from ${MONITORING_TOPIC}: ${JSON.stringify(
                  result.rejected.slice(0, 5),
                )}`,
              );
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'healthcare-integration-missing-monitoring-plan',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await monitoring.flagMissingMonitoringPlans();
          },
        });

        await scheduleMonitoringSources({
          sources: monitoringSources,
          scheduler,
          db,
          logger,
          ingest: batch => monitoring.ingest(batch),
        });

        // Signed checkpoints of every chain head: on a schedule and on every export.
        const checkpointMinutes =
          config.getOptionalNumber(
            'healthcareIntegration.audit.checkpointMinutes',
          ) ?? 60;
        const archiveDirectory = config.getOptionalString(
          'healthcareIntegration.audit.archive.directory',
        );
        const tsaUrl = config.getOptionalString(
          'healthcareIntegration.audit.archive.timestampAuthority.url',
        );
        const checkpoints = new CheckpointStore(
          db,
          signingKeys,
          logger,
          archiveDirectory
            ? new DirectoryCheckpointArchive(archiveDirectory)
            : undefined,
          tsaUrl ? new HttpTimestampAuthority(tsaUrl) : undefined,
        );
        const audit = new AuditService({
          engine: service,
          db,
          keys: signingKeys,
          checkpoints,
          checkpointMinutes,
        });
        await scheduler.scheduleTask({
          id: 'healthcare-integration-audit-checkpoint',
          frequency: { minutes: checkpointMinutes },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const { checkpoint, created, refused } =
              await audit.scheduledCheckpoint();
            if (created)
              logger.info(
                `Signed audit checkpoint #${checkpoint.body.seq} over ${checkpoint.body.treeSize} chains`,
              );
            if (refused.length)
              logger.error(
                `Audit checkpoint refused ${refused.length} chain head(s); run /audit/verify on them`,
              );
          },
        });
        const archived = archiveDirectory
          ? `archived to ${archiveDirectory}`
          : 'not archived outside the database (set healthcareIntegration.audit.archive.directory)';
        logger.info(
          `Audit checkpoints signed with key ${signingKeys.keyId} (${signingKeys.algorithm}) every ${checkpointMinutes} minutes, ${archived}`,
        );

        // The running policy is a version in its own chain; older records are re-derived.
        const policyVersions = new PolicyVersionStore(db);
        await schedulePolicyRederive({
          engine: service,
          store: policyVersions,
          scheduler,
          logger,
          frequencyMinutes:
            config.getOptionalNumber(
              'healthcareIntegration.policyRederiveMinutes',
            ) ?? 60,
        });

        // Built here, not in the router: it registers its approval check with the engine.
        const mapping = new MappingService(service);
        const floor = AccessFloor.fromConfig(config, service);
        httpRouter.use(
          await createRouter({
            service,
            monitoring,
            httpAuth,
            permissions,
            auditor,
            mapping,
            floor,
            audit,
            policyVersions,
          }),
        );
        // The same checks and engine methods for AI agents (through the MCP actions backend).
        registerGovernanceActions(actionsRegistry, {
          service,
          mapping,
          permissions,
          floor,
        });
        logger.info(
          `Governance policy ${policy.hash.slice(0, 12)} with ${
            policy.policy.gates.length
          } gates`,
        );
      },
    });
  },
});
