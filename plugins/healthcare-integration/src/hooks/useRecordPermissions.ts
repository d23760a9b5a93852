import { usePermission } from '@backstage/plugin-permission-react';
import {
  auditExportPermission,
  auditReadPermission,
  evidenceUploadPermission,
  gateDecidePermission,
  gateWaivePermission,
  integrationUpdatePermission,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * What the permission framework lets the viewer do on one record. These hide controls only;
 * the backend enforces the same permissions plus role holding and segregation of duties.
 */
export function useRecordPermissions(recordRef: string) {
  const decide = usePermission({
    permission: gateDecidePermission,
    resourceRef: recordRef,
  });
  const waive = usePermission({
    permission: gateWaivePermission,
    resourceRef: recordRef,
  });
  const upload = usePermission({
    permission: evidenceUploadPermission,
    resourceRef: recordRef,
  });
  const update = usePermission({
    permission: integrationUpdatePermission,
    resourceRef: recordRef,
  });
  const auditRead = usePermission({
    permission: auditReadPermission,
    resourceRef: recordRef,
  });
  const auditExport = usePermission({
    permission: auditExportPermission,
    resourceRef: recordRef,
  });
  return {
    loading:
      decide.loading ||
      waive.loading ||
      upload.loading ||
      update.loading ||
      auditRead.loading ||
      auditExport.loading,
    canDecide: decide.allowed,
    canWaive: waive.allowed,
    canUpload: upload.allowed,
    canUpdate: update.allowed,
    canReadAudit: auditRead.allowed,
    canExportAudit: auditExport.allowed,
  };
}
