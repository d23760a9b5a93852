import type { Request } from 'express';
import {
  confirmMappingRowSchema,
  disputeMappingRowSchema,
  gateDecidePermission,
  integrationReadPermission,
  integrationUpdatePermission,
  putMappingRequestSchema,
  runMappingRequestSchema,
  validateMappingRequestSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RouteSpec } from '../lib/routeSpec';
import type { Actor } from '../engine/types';
import type { MappingService } from './MappingService';

const M = '/integrations/:namespace/:name/mapping';

/** The mapping-review routes; spread into ROUTES (routes.ts), so the router and OpenAPI include them. */
export const MAPPING_ROUTES: RouteSpec[] = [
  {
    id: 'validate-mapping',
    principals: ['user', 'service'],
    method: 'post',
    path: '/mappings/validate',
    summary:
      'Validate a mapping spec against HL7 v2 / FHIR R4 definitions; errors and warnings name the row and path, with a suggestion when a near match exists',
    permission: integrationReadPermission,
    body: validateMappingRequestSchema,
    responseDescription:
      '{ valid, errors: [{ row, path, message, suggestion? }], warnings }',
  },
  {
    id: 'get-mapping',
    principals: ['user', 'service'],
    method: 'get',
    path: M,
    summary:
      'The current mapping spec version with its validation and per-row sign-off status',
    permission: integrationReadPermission,
    onRecord: true,
    responseDescription: 'The mapping review',
  },
  {
    id: 'put-mapping',
    method: 'put',
    path: M,
    summary:
      'Store a new mapping version (also as mapping-spec evidence); refused with row-level errors when invalid; changed rows lose their sign-offs',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: putMappingRequestSchema,
    mutates: true,
    responseDescription: 'The mapping review',
  },
  {
    id: 'confirm-mapping-row',
    method: 'post',
    path: `${M}/rows/:rowId/confirm`,
    summary:
      "Confirm a mapping row (holder of the row's confirmBy role; never the requester or the mapping's author)",
    permission: gateDecidePermission,
    onRecord: true,
    body: confirmMappingRowSchema,
    mutates: true,
    responseDescription: 'The mapping review',
  },
  {
    id: 'dispute-mapping-row',
    method: 'post',
    path: `${M}/rows/:rowId/dispute`,
    summary:
      "Dispute a mapping row with a comment (holder of the row's confirmBy role)",
    permission: gateDecidePermission,
    onRecord: true,
    body: disputeMappingRowSchema,
    mutates: true,
    responseDescription: 'The mapping review',
  },
  {
    id: 'run-mapping',
    method: 'post',
    path: `${M}/run`,
    summary:
      'Run the current mapping on a sample message; the report (with SHA-256) becomes test-result evidence and the happy-path or missing-data test result',
    permission: integrationUpdatePermission,
    onRecord: true,
    body: runMappingRequestSchema,
    mutates: true,
    responseDescription: '{ report, evidenceId, sha256 }',
  },
];

type MappingHandler = (ctx: {
  req: Request;
  entityRef: string;
  actor: Actor;
}) => Promise<unknown>;

export function createMappingHandlers(
  mapping: MappingService,
): Record<string, MappingHandler> {
  return {
    'validate-mapping': async ({ req }) => mapping.validate(req.body),
    'get-mapping': async ({ entityRef }) => mapping.get(entityRef),
    'put-mapping': async ({ req, entityRef, actor }) =>
      mapping.put(entityRef, req.body, actor),
    'confirm-mapping-row': async ({ req, entityRef, actor }) =>
      mapping.confirm(entityRef, req.params.rowId, req.body, actor),
    'dispute-mapping-row': async ({ req, entityRef, actor }) =>
      mapping.dispute(entityRef, req.params.rowId, req.body, actor),
    'run-mapping': async ({ req, entityRef, actor }) =>
      mapping.run(entityRef, req.body, actor),
  };
}
