import type { Knex } from 'knex';
import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readPolicy } from '../config/readPolicy';
import { AuditLog } from '../database/AuditLog';
import { migrationsDir } from '../database/migrations';
import { GovernanceEngine } from '../engine/GovernanceEngine';
import { RoleResolver } from '../engine/RoleResolver';
import { CATALOG_ENTITIES } from './fixtures';
import { BUILT_IN_APPROVAL_CHECKS } from '../approvalChecks';

/**
 * The engine on a migrated database with the fixtures' organisation and the shipped policy,
 * its clock under the test's control (for expiry sweeps).
 */
export async function startTestEngine(
  knex: Knex,
  clock: () => Date,
  onAudit: (events: AuditEvent[]) => void = () => {},
  policy: JsonObject = {},
) {
  await knex.migrate.latest({ directory: migrationsDir });
  const engine = new GovernanceEngine(
    knex,
    readPolicy(new ConfigReader({ healthcareIntegration: { policy } })),
    new RoleResolver(
      catalogServiceMock({ entities: CATALOG_ENTITIES }),
      mockServices.auth(),
    ),
    new AuditLog(knex),
    onAudit,
    clock,
  );
  BUILT_IN_APPROVAL_CHECKS.forEach(check =>
    engine.registerApprovalCheck(check),
  );
  return engine;
}
