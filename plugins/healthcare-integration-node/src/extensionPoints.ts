import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ApprovalCheck } from './approvalChecks';
import type { MonitoringSource } from './monitoringSources';

/**
 * Lets a module add checks that must pass before a gate can be approved.
 *
 * @public
 */
export interface HealthcareIntegrationApprovalChecksExtensionPoint {
  addApprovalCheck(...checks: ApprovalCheck[]): void;
}

/**
 * @public
 */
export const healthcareIntegrationApprovalChecksExtensionPoint =
  createExtensionPoint<HealthcareIntegrationApprovalChecksExtensionPoint>({
    id: 'healthcare-integration.approval-checks',
  });

/**
 * Lets a module add monitoring sources that the plugin polls on their schedule.
 *
 * @public
 */
export interface HealthcareIntegrationMonitoringSourcesExtensionPoint {
  addMonitoringSource(...sources: MonitoringSource[]): void;
}

/**
 * @public
 */
export const healthcareIntegrationMonitoringSourcesExtensionPoint =
  createExtensionPoint<HealthcareIntegrationMonitoringSourcesExtensionPoint>({
    id: 'healthcare-integration.monitoring-sources',
  });
