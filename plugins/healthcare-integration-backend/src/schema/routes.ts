import { z } from 'zod';
import type { RouteSpec } from '../lib/routeSpec';
import {
  createIntegrationSchema,
  decideGateSchema,
  evidenceReadPermission,
  evidenceUploadPermission,
  gateDecidePermission,
  gateWaivePermission,
  integrationCreatePermission,
  integrationReadPermission,
  integrationUpdatePermission,
  inboxQuerySchema,
  monitoringBatchSchema,
  monitoringIngestPermission,
  monitoringProblemsReadPermission,
  moveChangeRequestSchema,
  moveStageSchema,
  openChangeRequestSchema,
  portfolioQuerySchema,
  recordTestSchema,
  TEST_SCENARIOS,
  updateChangeRequestSchema,
  updateIntegrationSchema,
  uploadEvidenceSchema,
  waiveGateSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  confirmWaiverSchema,
  decideRecordChangeSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  alertmanagerPayloadSchema,
  ingestProblemsQuerySchema,
} from '../monitoring/alertmanager';
import { AUDIT_ROUTES } from '../audit/auditRoutes';
import { MAPPING_ROUTES } from '../mapping/mappingRoutes';
import { OPERATING_MODEL_ROUTES } from '../operatingModel/operatingModelRoutes';
import { POLICY_PREVIEW_ROUTES } from '../policyPreview/policyPreviewRoutes';
import { POLICY_VERSION_ROUTES } from '../policyVersions/policyVersionRoutes';
import { catalogEntitiesQuerySchema } from '../queries/catalogEntities';

const USERS_AND_SERVICES: RouteSpec['principals'] = ['user', 'service'];

const R = '/integrations/:namespace/:name';

/**
 * The API surface as data. The router registers exactly these routes, and the OpenAPI
 * document is generated from them, so the two cannot drift apart.
 */
export const ROUTES: RouteSpec[] = [
  {
    id: 'get-policy',
    principals: USERS_AND_SERVICES,
    method: 'get',
    path: '/policy',
    summary: 'The effective governance policy and its hash',
    permission: integrationReadPermission,
    responseDescription: 'The policy',
  },
  {
    id: 'list-integrations',
    conditionalList: true,
    principals: USERS_AND_SERVICES,
    method: 'get',
    path: '/integrations',
    summary:
      'Portfolio: integrations with stage, readiness and who holds each, filtered, sorted, cursor-paged, with summary counts over the filtered set',
    permission: integrationReadPermission,
    query: portfolioQuerySchema,
    responseDescription: 'A page of integration summaries',
  },
  {
    id: 'create-integration',
    method: 'post',
    path: '/integrations',
    summary:
      'Intake: create the governed record; gates are derived by the policy',
    permission: integrationCreatePermission,
    body: createIntegrationSchema,
    mutates: true,
    responseDescription: 'The new record with its gates',
    status: 201,
  },
  {
    id: 'get-integration',
    principals: USERS_AND_SERVICES,
    method: 'get',
    path: R,
    summary:
      'Full governance status: record, gates, evidence, tests, change requests, blockers',
    permission: integrationReadPermission,
    onRecord: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'update-integration',
    method: 'patch',
    path: R,
    summary:
      "Change the title or descriptive profile fields (approvals bound to the old revision go stale). Role holders and governed profile fields (what policy predicates read) become a proposed record change (202) that takes effect when the policy's record-change approvers approve it; an edit that changes nothing changes nothing",
    permission: integrationUpdatePermission,
    onRecord: true,
    body: updateIntegrationSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'decide-gate',
    method: 'post',
    path: `${R}/gates/:gateId/decisions`,
    summary:
      'Approve, reject or request changes on a gate (approver role only; never the requester)',
    permission: gateDecidePermission,
    onRecord: true,
    body: decideGateSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'waive-gate',
    method: 'post',
    path: `${R}/gates/:gateId/waiver`,
    summary:
      'Waive a gate with a written justification and an expiry (waiver role only; gates the policy marks not waivable are refused; some waivers need a second approver)',
    permission: gateWaivePermission,
    onRecord: true,
    body: waiveGateSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'confirm-waiver',
    method: 'post',
    path: `${R}/gates/:gateId/waiver/confirm`,
    summary:
      'Confirm a waiver that the policy says needs a second approver of another role',
    // A co-approval is a decision by another role, not a second waiver.
    permission: gateDecidePermission,
    onRecord: true,
    body: confirmWaiverSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'decide-record-change',
    method: 'post',
    path: `${R}/record-changes/:changeId/decisions`,
    summary:
      'Approve or reject a proposed change to role holders or the risk profile (policy recordChanges.approverRoles; never the proposer, the requester or a new holder)',
    permission: gateDecidePermission,
    onRecord: true,
    body: decideRecordChangeSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'withdraw-record-change',
    method: 'post',
    path: `${R}/record-changes/:changeId/withdraw`,
    summary: 'Withdraw a pending record change (its proposer only)',
    permission: integrationUpdatePermission,
    onRecord: true,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'upload-evidence',
    method: 'post',
    path: `${R}/evidence`,
    summary:
      'Upload evidence (base64 file kept in the database, or a link); SHA-256 recorded',
    permission: evidenceUploadPermission,
    onRecord: true,
    body: uploadEvidenceSchema,
    mutates: true,
    responseDescription: 'The stored evidence metadata',
    status: 201,
  },
  {
    id: 'get-evidence-content',
    phiFloor: true,
    method: 'get',
    path: `${R}/evidence/:evidenceId/content`,
    summary: 'Download an evidence file',
    permission: evidenceReadPermission,
    onRecord: true,
    responseDescription:
      'The file, with its SHA-256 in the X-Content-SHA256 header',
    responseMediaType: 'application/octet-stream',
  },
  {
    id: 'record-test',
    method: 'put',
    path: `${R}/tests/:scenario`,
    summary: 'Record a test scenario result with its evidence',
    permission: integrationUpdatePermission,
    onRecord: true,
    params: z.object({
      scenario: z.enum(TEST_SCENARIOS, {
        errorMap: () => ({
          message: `must be one of ${TEST_SCENARIOS.join(', ')}`,
        }),
      }),
    }),
    body: recordTestSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'move-stage',
    method: 'post',
    path: `${R}/stage`,
    summary:
      'Move the lifecycle stage; refused while a gate of the stage being left is open',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: moveStageSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'open-change-request',
    method: 'post',
    path: `${R}/change-requests`,
    summary:
      'Open a standard, normal or emergency change; reopens the gates the policy names',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: openChangeRequestSchema,
    mutates: true,
    responseDescription: 'The governance status',
    status: 201,
  },
  {
    id: 'update-change-request',
    method: 'patch',
    path: `${R}/change-requests/:changeId`,
    summary: 'Edit a change request; refused once it is authorised (locked)',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: updateChangeRequestSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  {
    id: 'move-change-request',
    method: 'post',
    path: `${R}/change-requests/:changeId/transition`,
    summary:
      'Move a change request through assess → authorise → implement → review → closed',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: moveChangeRequestSchema,
    mutates: true,
    responseDescription: 'The governance status',
  },
  ...POLICY_PREVIEW_ROUTES,
  ...POLICY_VERSION_ROUTES,
  ...AUDIT_ROUTES,
  {
    id: 'ingest-events',
    principals: ['service'],
    method: 'post',
    path: '/monitoring/events',
    summary:
      'Ingest a batch of monitoring events (service principals). Each event is validated on its own: invalid ones are returned with index and reason, valid ones stored; a repeated dedupKey counts once',
    permission: monitoringIngestPermission,
    body: monitoringBatchSchema,
    mutates: true,
    responseDescription: 'accepted, duplicates and rejected (index, reason)',
  },
  {
    id: 'ingest-alertmanager',
    principals: ['service'],
    method: 'post',
    path: '/monitoring/alertmanager',
    summary:
      'Prometheus Alertmanager webhook (version 4), mapped to events by labels, with the alert lifecycle: firing opens or counts, a repeat is a signal, resolved marks the exception recovered, firing again after a resolve opens a new occurrence. Any group size; a payload none of whose alerts can be used gets 400',
    permission: monitoringIngestPermission,
    body: alertmanagerPayloadSchema,
    mutates: true,
    responseDescription:
      'accepted, duplicates, rejected (index, reason), recovered, reopened, heartbeats, notes (index, note)',
  },
  {
    id: 'list-ingest-problems',
    method: 'get',
    path: '/monitoring/ingest-problems',
    summary:
      'What monitoring ingest could not use, or used only after shortening text or clamping a time, newest first (platform administrators)',
    permission: monitoringProblemsReadPermission,
    query: ingestProblemsQuerySchema,
    responseDescription: 'Ingest problems',
  },
  {
    id: 'get-monitoring',
    principals: USERS_AND_SERVICES,
    method: 'get',
    path: `${R}/monitoring`,
    summary:
      'Health, open exceptions with their routed owner, and event counts over 24 h / 7 d',
    permission: integrationReadPermission,
    onRecord: true,
    responseDescription: 'The monitoring summary',
  },
  {
    id: 'acknowledge-exception',
    method: 'post',
    path: `${R}/exceptions/:exceptionId/acknowledge`,
    summary: 'Acknowledge an exception (routed role only)',
    permission: integrationUpdatePermission,
    onRecord: true,
    mutates: true,
    responseDescription: 'The monitoring summary',
  },
  {
    id: 'resolve-exception',
    method: 'post',
    path: `${R}/exceptions/:exceptionId/resolve`,
    summary: 'Resolve an exception (routed role only)',
    permission: integrationUpdatePermission,
    onRecord: true,
    mutates: true,
    responseDescription: 'The monitoring summary',
  },
  ...MAPPING_ROUTES,
  ...OPERATING_MODEL_ROUTES,
  {
    id: 'inbox',
    conditionalList: true,
    method: 'get',
    path: '/inbox',
    summary:
      'Reviewer inbox: open gates awaiting a role the caller holds; actionable first, then overdue, then by due date; each with the integration stage, what blocks it and whether the caller may decide it now',
    permission: integrationReadPermission,
    query: inboxQuerySchema,
    responseDescription: 'Inbox items',
  },
  {
    id: 'list-catalog-entities',
    principals: USERS_AND_SERVICES,
    method: 'get',
    path: '/catalog-entities',
    summary:
      'Every record as the catalog module needs it to publish a Component (ref, title, profile, roles, requester, stage), cursor-paged',
    permission: integrationReadPermission,
    query: catalogEntitiesQuerySchema,
    responseDescription: 'A page of records for the catalog entity provider',
  },
];
