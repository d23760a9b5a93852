import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readPolicy } from '../plugins/healthcare-integration-backend/src/config/readPolicy';
import { AuditLog } from '../plugins/healthcare-integration-backend/src/database/AuditLog';
import { GovernanceEngine } from '../plugins/healthcare-integration-backend/src/engine/GovernanceEngine';
import { RoleResolver } from '../plugins/healthcare-integration-backend/src/engine/RoleResolver';
import { MonitoringService } from '../plugins/healthcare-integration-backend/src/monitoring/MonitoringService';
import { ExceptionNotifier } from '../plugins/healthcare-integration-backend/src/monitoring/ExceptionNotifier';
import { CATALOG_ENTITIES } from '../plugins/healthcare-integration-backend/src/testing/fixtures';
import { BUILT_IN_APPROVAL_CHECKS } from '../plugins/healthcare-integration-backend/src/approvalChecks';
import { HARNESS_CONFIG } from '../plugins/healthcare-integration-backend/src/reliability/harness/org';

/** The plugin's own services on a bench database, so seeding and ingest run the real code. */

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

// The notification service's type, as the notifier takes it (the bench adds no dependency).
type NotificationService = NonNullable<
  ConstructorParameters<typeof ExceptionNotifier>[1]
>;
type NotificationSendOptions = Parameters<NotificationService['send']>[0];

/**
 * A notification service that records what it is asked to send: the stub sits at the service
 * boundary, so the notifier's claim on each exception (the database work production always
 * does when notifications are installed) runs as it does in production.
 */
export class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }
}

export function services(
  knex: Knex,
  notifications: NotificationService | null = new RecordingNotifications(),
) {
  const policy = readPolicy(new ConfigReader(HARNESS_CONFIG));
  const roles = new RoleResolver(
    catalogServiceMock({ entities: CATALOG_ENTITIES }),
    mockServices.auth(),
  );
  const governance = new GovernanceEngine(
    knex,
    policy,
    roles,
    new AuditLog(knex),
  );
  // As the plugin does: status reads run the built-in checks too.
  BUILT_IN_APPROVAL_CHECKS.forEach(check =>
    governance.registerApprovalCheck(check),
  );
  const monitoring = new MonitoringService(
    knex,
    policy,
    governance,
    roles,
    new ExceptionNotifier(knex, notifications ?? undefined, 60, silentLogger),
  );
  return { governance, monitoring, notifications };
}
