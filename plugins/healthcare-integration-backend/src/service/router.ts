import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  inboxQuerySchema,
  type GovernanceStatus,
  monitoringBatchSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { MonitoringService } from '../monitoring/MonitoringService';
import { ingestProblemsQuerySchema } from '../monitoring/alertmanager';
import { createAuditHandlers } from '../audit/auditRoutes';
import type { AuditService } from '../audit/auditService';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { Actor } from '../engine/types';
import { parseInput } from '../lib/errors';
import { ROUTES } from '../schema/routes';
import { buildOpenApiDocument } from '../schema/openApiDocument';
import { MappingService } from '../mapping/MappingService';
import { createMappingHandlers } from '../mapping/mappingRoutes';
import { createOperatingModelHandlers } from '../operatingModel/operatingModelRoutes';
import { createPolicyPreviewHandlers } from '../policyPreview/policyPreviewRoutes';
import { createPolicyVersionHandlers } from '../policyVersions/policyVersionRoutes';
import type { PolicyVersionStore } from '../policyVersions/PolicyVersionStore';
import { conditionToFilter } from '../permissions/recordFilter';
import type { AccessFloor } from './accessFloor';
import { checkPathParams, guardRoute } from './routeGuard';
import { decidePermittedOn } from './decidePermission';

export interface RouterOptions {
  service: GovernanceEngine;
  monitoring: MonitoringService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The data-mapping review; the plugin builds it (it registers its approval check with the engine). */
  mapping: MappingService;
  /** The plugin's own access floor for PHI-bearing records. */
  floor: AccessFloor;
  /** Signed checkpoints, verification against them, evidence packs and the audit report. */
  audit: AuditService;
  /** The running policy's versions, in their own hash chain. */
  policyVersions: PolicyVersionStore;
}

interface HandlerContext {
  req: Request;
  res: Response;
  actor: Actor;
  credentials: BackstageCredentials;
  /** The record named in the path, when the route has one. */
  entityRef: string;
  /** A conditional permission decision as a query filter (list routes). */
  permissionFilter?: ReturnType<typeof conditionToFilter>;
}

type Handler = (ctx: HandlerContext) => Promise<unknown>;

/** Evidence arrives as base64 JSON: 5 MB of file is about 7 MB of body. */
const JSON_LIMIT = '8mb';

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, monitoring, httpAuth, permissions, auditor, floor } =
    options;
  const handlers = {
    ...createHandlers(service, monitoring, permissions),
    ...createMappingHandlers(options.mapping),
    ...createOperatingModelHandlers(service),
    ...createPolicyPreviewHandlers(service),
    ...createPolicyVersionHandlers(
      options.policyVersions,
      () => service.getPolicy().hash,
    ),
    ...createAuditHandlers(options.audit, service, permissions),
  };
  const router = Router();
  router.use(express.json({ limit: JSON_LIMIT }));

  router.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument());
  });

  for (const route of ROUTES) {
    const handler = handlers[route.id];
    router[route.method](route.path, async (req: Request, res: Response) => {
      const auditEvent = await auditor.createEvent({
        eventId: route.id,
        request: req,
        severityLevel: route.mutates ? 'medium' : 'low',
        meta: { ...req.params },
      });
      try {
        checkPathParams(req.params);
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const { actor, entityRef, permissionFilter } = await guardRoute(
          { permissions, floor },
          route,
          credentials,
          { params: req.params, body: req.body, query: req.query },
        );
        const result = await handler({
          req,
          res,
          actor,
          credentials,
          entityRef,
          permissionFilter,
        });
        if (!res.headersSent) {
          // A mutation answers with the new status; who is looking comes with it, as on a read.
          if (route.onRecord && actor.isUser && isStatus(result)) {
            result.viewer = await service.viewerOf(entityRef, actor);
          }
          res.status(route.status ?? 200).json(result);
        }
        await auditEvent.success({ meta: { actor: actor.ref } });
      } catch (error) {
        await auditEvent.fail({ error: error as Error });
        throw error;
      }
    });
  }
  return router;
}

function createHandlers(
  service: GovernanceEngine,
  monitoring: MonitoringService,
  permissions: PermissionsService,
): Record<string, Handler> {
  return {
    'get-policy': async () => service.getPolicy(),
    'list-integrations': async ({ req, permissionFilter }) =>
      service.listPortfolio(req.query, permissionFilter),
    'list-catalog-entities': async ({ req }) =>
      service.listForCatalog(req.query),
    'create-integration': async ({ req, actor }) =>
      service.create(req.body, actor),
    'get-integration': async ({ res, entityRef, actor }) => {
      const json = await service.getStatusJson(entityRef);
      // The cached status is the same for everyone; who is looking is added per request.
      const viewer = actor.isUser
        ? JSON.stringify(await service.viewerOf(entityRef, actor))
        : undefined;
      res
        .type('application/json')
        .send(viewer ? `{"viewer":${viewer},${json.slice(1)}` : json);
      return undefined;
    },
    'update-integration': async ({ req, res, entityRef, actor }) => {
      const { status, proposed } = await service.update(
        entityRef,
        req.body,
        actor,
      );
      // A governed change waits for approval: accepted, not applied.
      if (proposed) {
        res.status(202).json({
          ...status,
          viewer: await service.viewerOf(entityRef, actor),
        });
      }
      return status;
    },
    'decide-gate': async ({ req, entityRef, actor }) =>
      service.decide(entityRef, req.params.gateId, req.body, actor),
    'waive-gate': async ({ req, entityRef, actor }) =>
      service.waive(entityRef, req.params.gateId, req.body, actor),
    'confirm-waiver': async ({ req, entityRef, actor }) =>
      service.confirmWaiver(entityRef, req.params.gateId, req.body, actor),
    'decide-record-change': async ({ req, entityRef, actor }) =>
      service.decideRecordChange(
        entityRef,
        req.params.changeId,
        req.body,
        actor,
      ),
    'withdraw-record-change': async ({ req, entityRef, actor }) =>
      service.withdrawRecordChange(entityRef, req.params.changeId, actor),
    'upload-evidence': async ({ req, entityRef, actor }) =>
      service.uploadEvidence(entityRef, req.body, actor),
    'get-evidence-content': async ({ req, res, entityRef }) => {
      const row = await service.getEvidenceContent(
        entityRef,
        req.params.evidenceId,
      );
      res.setHeader('X-Content-SHA256', row.sha256);
      if (!row.content) {
        res.json({ url: row.url, sha256: row.sha256 });
        return undefined;
      }
      res.setHeader('Content-Type', row.media_type);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${row.title.replace(/[^\w.-]+/g, '_')}"`,
      );
      res.send(row.content);
      return undefined;
    },
    'record-test': async ({ req, entityRef, actor }) =>
      service.recordTest(entityRef, req.params.scenario, req.body, actor),
    'move-stage': async ({ req, entityRef, actor }) =>
      service.moveStage(entityRef, req.body, actor),
    'open-change-request': async ({ req, entityRef, actor }) =>
      service.openChangeRequest(entityRef, req.body, actor),
    'update-change-request': async ({ req, entityRef, actor }) =>
      service.updateChangeRequest(
        entityRef,
        req.params.changeId,
        req.body,
        actor,
      ),
    'move-change-request': async ({ req, entityRef, actor }) =>
      service.moveChangeRequest(
        entityRef,
        req.params.changeId,
        req.body,
        actor,
      ),
    'ingest-events': async ({ req }) =>
      monitoring.ingest(parseInput(monitoringBatchSchema, req.body).events),
    'ingest-alertmanager': async ({ req }) =>
      monitoring.ingestAlertmanager(req.body),
    'list-ingest-problems': async ({ req }) => ({
      items: await monitoring.ingestProblems(
        parseInput(ingestProblemsQuerySchema, req.query).limit,
      ),
    }),
    'get-monitoring': async ({ entityRef }) => monitoring.summary(entityRef),
    'acknowledge-exception': async ({ req, entityRef, actor }) =>
      monitoring.transition(
        entityRef,
        req.params.exceptionId,
        'acknowledged',
        actor,
      ),
    'resolve-exception': async ({ req, entityRef, actor }) =>
      monitoring.transition(
        entityRef,
        req.params.exceptionId,
        'resolved',
        actor,
      ),
    inbox: async ({ req, actor, credentials, permissionFilter }) => {
      const { limit } = parseInput(inboxQuerySchema, req.query);
      return service.inbox(
        actor.ref,
        limit,
        decidePermittedOn(permissions, credentials),
        permissionFilter,
      );
    },
  };
}

function isStatus(value: unknown): value is GovernanceStatus {
  const v = value as Partial<GovernanceStatus> | undefined;
  return !!v && typeof v === 'object' && !!v.record && Array.isArray(v.gates);
}
