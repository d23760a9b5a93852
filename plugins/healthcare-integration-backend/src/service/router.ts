import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import {
  ENTITY_REF_PARAMS,
  inboxQuerySchema,
  monitoringBatchSchema,
} from '@internal/plugin-healthcare-integration-common';
import type { MonitoringService } from '../monitoring/MonitoringService';
import { alertmanagerPayloadSchema, alertsToEvents } from '../monitoring/alertmanager';
import { buildEvidencePack } from '../audit/evidencePack';
import { toFhirAuditBundle } from '../audit/fhirAuditEvent';
import { Actor, GovernanceService, parseInput } from './GovernanceService';
import { ROUTES, RouteSpec } from './routes';
import { buildOpenApiDocument } from '../schema/openApiDocument';
import { MappingService } from '../mapping/MappingService';
import { createMappingHandlers } from '../mapping/mappingRoutes';

export interface RouterOptions {
  service: GovernanceService;
  monitoring: MonitoringService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The data-mapping review; created on the service when not given. */
  mapping?: MappingService;
}

interface HandlerContext {
  req: Request;
  res: Response;
  actor: Actor;
  credentials: BackstageCredentials;
  /** The record named in the path, when the route has one. */
  entityRef: string;
}

type Handler = (ctx: HandlerContext) => Promise<unknown>;

/** Evidence arrives as base64 JSON: 5 MB of file is about 7 MB of body. */
const JSON_LIMIT = '8mb';

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { service, monitoring, httpAuth, permissions, auditor } = options;
  const handlers = {
    ...createHandlers(service, monitoring),
    ...createMappingHandlers(options.mapping ?? new MappingService(service)),
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
        const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
        const actor = actorOf(credentials);
        const entityRef = route.onRecord ? entityRefFromParams(req.params) : '';
        await authorize(permissions, route, credentials, entityRef);
        const result = await handler({ req, res, actor, credentials, entityRef });
        if (!res.headersSent) {
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
  service: GovernanceService,
  monitoring: MonitoringService,
): Record<string, Handler> {
  return {
    'get-policy': async () => service.getPolicy(),
    'list-integrations': async ({ req }) => service.listPortfolio(req.query),
    'list-catalog-entities': async ({ req }) => service.listForCatalog(req.query),
    'create-integration': async ({ req, actor }) => service.create(req.body, actor),
    'get-integration': async ({ res, entityRef }) => {
      res.type('application/json').send(await service.getStatusJson(entityRef));
      return undefined;
    },
    'update-integration': async ({ req, entityRef, actor }) =>
      service.update(entityRef, req.body, actor),
    'decide-gate': async ({ req, entityRef, actor }) =>
      service.decide(entityRef, req.params.gateId, req.body, actor),
    'waive-gate': async ({ req, entityRef, actor }) =>
      service.waive(entityRef, req.params.gateId, req.body, actor),
    'upload-evidence': async ({ req, entityRef, actor }) =>
      service.uploadEvidence(entityRef, req.body, actor),
    'get-evidence-content': async ({ req, res, entityRef }) => {
      const row = await service.getEvidenceContent(entityRef, req.params.evidenceId);
      res.setHeader('X-Content-SHA256', row.sha256);
      if (!row.content) {
        res.json({ url: row.url, sha256: row.sha256 });
        return undefined;
      }
      res.setHeader('Content-Type', row.media_type);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${row.title.replace(/[^\w.-]+/g, '_')}"`,
      );
      res.send(row.content);
      return undefined;
    },
    'record-test': async ({ req, entityRef, actor }) =>
      service.recordTest(entityRef, req.params.scenario, req.body, actor),
    'move-stage': async ({ req, entityRef, actor }) => service.moveStage(entityRef, req.body, actor),
    'open-change-request': async ({ req, entityRef, actor }) =>
      service.openChangeRequest(entityRef, req.body, actor),
    'update-change-request': async ({ req, entityRef, actor }) =>
      service.updateChangeRequest(entityRef, req.params.changeId, req.body, actor),
    'move-change-request': async ({ req, entityRef, actor }) =>
      service.moveChangeRequest(entityRef, req.params.changeId, req.body, actor),
    'read-audit': async ({ entityRef }) => ({ items: await service.readAudit(entityRef) }),
    'verify-audit': async ({ entityRef }) => service.verifyAudit(entityRef),
    'export-evidence-pack': async ({ res, entityRef, actor }) => {
      const [status, events] = await Promise.all([
        service.getStatus(entityRef),
        service.readAudit(entityRef),
      ]);
      // Events read after the status may run ahead of its head; cut them to match.
      const pack = buildEvidencePack(
        status,
        events.filter(e => e.seq <= status.auditHead.seq),
        actor.ref,
        new Date(),
      );
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="evidence-pack-${status.record.entityRef.replace(/[^\w.-]+/g, '_')}.json"`,
      );
      return pack;
    },
    'export-fhir-audit': async ({ res, entityRef }) => {
      const events = await service.readAudit(entityRef);
      res.type('application/fhir+json');
      return toFhirAuditBundle(events, 'backstage healthcare-integration', new Date());
    },
    'ingest-events': async ({ req }) =>
      monitoring.ingest(parseInput(monitoringBatchSchema, req.body).events),
    'ingest-alertmanager': async ({ req }) =>
      monitoring.ingest(alertsToEvents(parseInput(alertmanagerPayloadSchema, req.body))),
    'get-monitoring': async ({ entityRef }) => monitoring.summary(entityRef),
    'acknowledge-exception': async ({ req, entityRef, actor }) =>
      monitoring.transition(entityRef, req.params.exceptionId, 'acknowledged', actor),
    'resolve-exception': async ({ req, entityRef, actor }) =>
      monitoring.transition(entityRef, req.params.exceptionId, 'resolved', actor),
    inbox: async ({ req, actor }) => {
      if (!actor.isUser) throw new InputError('The inbox belongs to a signed-in user');
      const { limit } = parseInput(inboxQuerySchema, req.query);
      return service.inbox(actor.ref, limit);
    },
  };
}

function actorOf(credentials: BackstageCredentials): Actor {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (principal.type === 'user') return { ref: principal.userEntityRef!, isUser: true };
  return { ref: principal.subject ?? 'service', isUser: false };
}

function entityRefFromParams(params: Record<string, string>) {
  const { namespace, name } = parseInput(z.object(ENTITY_REF_PARAMS), params);
  return stringifyEntityRef({ kind: 'component', namespace, name });
}

async function authorize(
  permissions: PermissionsService,
  route: RouteSpec,
  credentials: BackstageCredentials,
  entityRef: string,
) {
  if (!route.permission) return;
  const request =
    route.onRecord && 'resourceType' in route.permission
      ? { permission: route.permission as any, resourceRef: entityRef }
      : { permission: route.permission as any };
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${route.permission.name}`);
  }
}
