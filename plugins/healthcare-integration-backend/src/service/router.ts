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
import type { RouteSpec } from '../lib/routeSpec';
import { buildOpenApiDocument } from '../schema/openApiDocument';
import { MappingService } from '../mapping/MappingService';
import { createMappingHandlers } from '../mapping/mappingRoutes';
import { conditionToFilter } from '../permissions/recordFilter';
import type { AccessFloor } from './accessFloor';

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

/** Path parameters other than the entity name: ids, scenarios, row ids. No NUL ever reaches SQL. */
const PATH_PARAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, monitoring, httpAuth, permissions, auditor, floor } =
    options;
  const handlers = {
    ...createHandlers(service, monitoring),
    ...createMappingHandlers(options.mapping),
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
        checkPrincipal(route, credentials);
        const actor = actorOf(credentials);
        const entityRef = route.onRecord ? entityRefFromParams(req.params) : '';
        const permissionFilter = await authorize(
          permissions,
          route,
          credentials,
          entityRef,
        );
        if (route.phiFloor) await floor.check(route.id, entityRef, actor);
        // The published request schema is enforced here for every route, whatever the
        // handler parses after it (a handler cannot accept what the document refuses).
        if (route.params) parseInput(route.params, req.params);
        if (route.body) parseInput(route.body, req.body);
        if (route.query) parseInput(route.query, req.query);
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
    inbox: async ({ req, actor }) => {
      const { limit } = parseInput(inboxQuerySchema, req.query);
      return service.inbox(actor.ref, limit);
    },
  };
}

function isStatus(value: unknown): value is GovernanceStatus {
  const v = value as Partial<GovernanceStatus> | undefined;
  return !!v && typeof v === 'object' && !!v.record && Array.isArray(v.gates);
}

function checkPathParams(params: Record<string, string>) {
  for (const [name, value] of Object.entries(params)) {
    if (name === 'namespace' || name === 'name') continue;
    if (!PATH_PARAM.test(value)) {
      throw new InputError(
        `Invalid ${name}: must be letters, digits and . _ - (at most 100)`,
      );
    }
  }
}

/** People decide and edit; services ingest. A principal on a route not meant for it gets 403. */
function checkPrincipal(route: RouteSpec, credentials: BackstageCredentials) {
  const allowed = route.principals ?? ['user'];
  const type = (credentials.principal as { type: string }).type as
    | 'user'
    | 'service';
  if (!allowed.includes(type)) {
    const who = type === 'service' ? 'a service principal' : 'a user';
    throw new NotAllowedError(
      `${route.id} accepts ${allowed.join(
        ' or ',
      )} credentials only; ${who} may not call it (rule: principal-kind)`,
    );
  }
}

function actorOf(credentials: BackstageCredentials): Actor {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user')
    return { ref: principal.userEntityRef!, isUser: true };
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
  if (!route.permission) return undefined;
  const permission = route.permission as any;
  const isResource = 'resourceType' in route.permission;
  if (route.conditionalList && isResource) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY)
      throw new NotAllowedError(`Not allowed: ${route.permission.name}`);
    return decision.result === AuthorizeResult.CONDITIONAL
      ? conditionToFilter(decision.conditions)
      : undefined;
  }
  const request =
    route.onRecord && isResource
      ? { permission, resourceRef: entityRef }
      : { permission };
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${route.permission.name}`);
  }
  return undefined;
}
