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

export function services(knex: Knex) {
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
    new ExceptionNotifier(knex, undefined, 60, silentLogger),
  );
  return { governance, monitoring };
}
