import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The entity-page tab's path (under /catalog/:namespace/component/:name/). The frontend mounts the
 * tab there and notifications link to it, so both use this one value.
 */
export const ENTITY_TAB_PATH = 'healthcare-integration';

/** Resource type for permission rules that look at an integration record. */
export const HEALTHCARE_INTEGRATION_RESOURCE_TYPE =
  'healthcare-integration-record';

export const integrationReadPermission = createPermission({
  name: 'healthcare-integration.record.read',
  attributes: { action: 'read' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const integrationCreatePermission = createPermission({
  name: 'healthcare-integration.record.create',
  attributes: { action: 'create' },
});

export const integrationUpdatePermission = createPermission({
  name: 'healthcare-integration.record.update',
  attributes: { action: 'update' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

/** Deciding a gate. The backend additionally requires the approver role and refuses the requester. */
export const gateDecidePermission = createPermission({
  name: 'healthcare-integration.gate.decide',
  attributes: { action: 'update' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const gateWaivePermission = createPermission({
  name: 'healthcare-integration.gate.waive',
  attributes: { action: 'update' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const evidenceUploadPermission = createPermission({
  name: 'healthcare-integration.evidence.upload',
  attributes: { action: 'create' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const evidenceReadPermission = createPermission({
  name: 'healthcare-integration.evidence.read',
  attributes: { action: 'read' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const auditReadPermission = createPermission({
  name: 'healthcare-integration.audit.read',
  attributes: { action: 'read' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

export const auditExportPermission = createPermission({
  name: 'healthcare-integration.audit.export',
  attributes: { action: 'read' },
  resourceType: HEALTHCARE_INTEGRATION_RESOURCE_TYPE,
});

/** Ingesting monitoring signals; meant for service principals. */
export const monitoringIngestPermission = createPermission({
  name: 'healthcare-integration.monitoring.ingest',
  attributes: { action: 'create' },
});

/** Reading what monitoring ingest could not use (the platform administrators' list). */
export const monitoringProblemsReadPermission = createPermission({
  name: 'healthcare-integration.monitoring.problems.read',
  attributes: { action: 'read' },
});

export const healthcareIntegrationPermissions = [
  integrationReadPermission,
  integrationCreatePermission,
  integrationUpdatePermission,
  gateDecidePermission,
  gateWaivePermission,
  evidenceUploadPermission,
  evidenceReadPermission,
  auditReadPermission,
  auditExportPermission,
  monitoringIngestPermission,
  monitoringProblemsReadPermission,
];
