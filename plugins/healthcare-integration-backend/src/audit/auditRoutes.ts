import type { Request, Response } from 'express';
import { z } from 'zod';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditExportPermission,
  auditReadPermission,
  evidenceReadPermission,
  integrationReadPermission,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { parseInput } from '../lib/errors';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';
import type { RouteSpec } from '../lib/routeSpec';
import type { AuditService } from './auditService';
import { toFhirAuditBundle } from './fhirAuditEvent';

const R = '/integrations/:namespace/:name';

export const checkpointListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** Checkpoints with a lower sequence number than this (the next page). */
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();

/** The audit routes; spread into ROUTES (routes.ts), so the router and OpenAPI include them. */
export const AUDIT_ROUTES: RouteSpec[] = [
  {
    id: 'read-audit',
    phiFloor: true,
    method: 'get',
    path: `${R}/audit`,
    summary: 'The audit trail (hash chain) of one integration',
    permission: auditReadPermission,
    onRecord: true,
    responseDescription: 'Audit events in sequence order',
  },
  {
    id: 'verify-audit',
    method: 'get',
    path: `${R}/audit/verify`,
    summary:
      'Verify the hash chain, its head against the latest signed checkpoint (a rewrite of chain and head is caught), and the stored tables against the replayed chain; names the first broken sequence number and every differing field',
    permission: auditReadPermission,
    onRecord: true,
    responseDescription:
      'ok, firstBrokenSeq, reason, and the chain, checkpoint and binding results',
  },
  {
    id: 'get-integration-checkpoint',
    principals: ['user', 'service'],
    method: 'get',
    path: `${R}/audit/checkpoint`,
    summary:
      "The latest signed checkpoint with this integration's leaf and Merkle inclusion proof (give it to the offline verifier as --latest-checkpoint to tell whether a pack is current)",
    permission: auditReadPermission,
    onRecord: true,
    responseDescription:
      '{ body, signature, leaf, leafIndex, inclusionProof }, or { checkpoint: null, reason }',
  },
  {
    id: 'export-evidence-pack',
    phiFloor: true,
    method: 'get',
    path: `${R}/audit/export`,
    summary:
      'Evidence pack: one signed JSON file with the record sections, evidence metadata and the files the caller may read, the chain, the checkpoint signed for this export with its Merkle proof, and the HTML audit report; verifiable offline with hip-verify-evidence-pack',
    permission: auditExportPermission,
    onRecord: true,
    responseDescription: 'The evidence pack (JSON attachment)',
  },
  {
    id: 'get-audit-report',
    phiFloor: true,
    method: 'get',
    path: `${R}/audit/report`,
    summary:
      'The HTML audit report (prints to PDF): who approved what and when with the evidence they saw, the test matrix, change history, waivers, open exceptions, chain and signature status. The same report is part of the evidence pack exported with it',
    permission: auditExportPermission,
    onRecord: true,
    responseDescription: 'The audit report (HTML attachment)',
    responseMediaType: 'text/html',
  },
  {
    id: 'export-fhir-audit',
    phiFloor: true,
    method: 'get',
    path: `${R}/audit/fhir`,
    summary: 'The audit trail as a FHIR R4 Bundle of AuditEvent resources',
    permission: auditExportPermission,
    onRecord: true,
    responseDescription: 'A FHIR Bundle',
    responseMediaType: 'application/fhir+json',
  },
  {
    id: 'list-audit-checkpoints',
    principals: ['user', 'service'],
    method: 'get',
    path: '/audit/checkpoints',
    summary:
      'Signed checkpoints, newest first (body with Merkle root, previous signature, signature); each covers every chain head at its time',
    permission: integrationReadPermission,
    query: checkpointListQuerySchema,
    responseDescription:
      '{ items: [{ body, signature, archivedAt?, timestamped }] }',
  },
  {
    id: 'get-audit-keys',
    principals: ['user', 'service'],
    method: 'get',
    path: '/audit/keys',
    summary:
      'The public keys that sign checkpoints and evidence packs (the current key and retired ones): pin this document for the offline verifier',
    permission: integrationReadPermission,
    responseDescription:
      'The keys document (format healthcare-integration-audit-keys/v1)',
  },
];

type AuditHandler = (ctx: {
  req: Request;
  res: Response;
  entityRef: string;
  actor: Actor;
  credentials: BackstageCredentials;
}) => Promise<unknown>;

const fileSafe = (ref: string) => ref.replace(/[^\w.-]+/g, '_');

/** The report page may not run anything or load anything. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function createAuditHandlers(
  audit: AuditService,
  engine: GovernanceEngine,
  permissions: PermissionsService,
): Record<string, AuditHandler> {
  /** Evidence files go into a pack only for a caller who may download them one by one. */
  const mayReadFiles = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission: evidenceReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };
  return {
    'read-audit': async ({ entityRef }) => ({
      items: await engine.readAudit(entityRef),
    }),
    'verify-audit': async ({ entityRef }) => audit.verify(entityRef),
    'get-integration-checkpoint': async ({ entityRef }) =>
      audit.checkpointFor(entityRef),
    'export-evidence-pack': async ({ res, entityRef, actor, credentials }) => {
      const pack = await audit.exportPack(
        entityRef,
        actor.ref,
        await mayReadFiles(entityRef, credentials),
      );
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="evidence-pack-${fileSafe(entityRef)}.json"`,
      );
      return pack;
    },
    'get-audit-report': async ({ res, entityRef, actor, credentials }) => {
      const pack = await audit.exportPack(
        entityRef,
        actor.ref,
        await mayReadFiles(entityRef, credentials),
      );
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', REPORT_CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Evidence-Pack-Id', pack.packId);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-report-${fileSafe(entityRef)}.html"`,
      );
      res.send(pack.report.html);
      return undefined;
    },
    'export-fhir-audit': async ({ res, entityRef }) => {
      const events = await engine.readAudit(entityRef);
      res.type('application/fhir+json');
      return toFhirAuditBundle(
        events,
        'backstage healthcare-integration',
        new Date(),
      );
    },
    'list-audit-checkpoints': async ({ req }) => {
      const { limit, before } = parseInput(
        checkpointListQuerySchema,
        req.query,
      );
      const items = await audit.listCheckpoints(limit, before);
      return {
        items: items.map(({ bodyText: _text, ...c }) => c),
        nextBefore:
          items.length === limit ? items[items.length - 1].body.seq : undefined,
      };
    },
    'get-audit-keys': async () => audit.keysDocument(),
  };
}
