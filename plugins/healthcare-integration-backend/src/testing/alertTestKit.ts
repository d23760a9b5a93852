import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { compareWithChain, readRecordSections } from '../audit/binding';
import { readPolicy } from '../config/readPolicy';
import { AuditLog } from '../database/AuditLog';
import { migrationsDir } from '../database/migrations';
import { GovernanceEngine } from '../engine/GovernanceEngine';
import { RoleResolver } from '../engine/RoleResolver';
import { ExceptionNotifier } from '../monitoring/ExceptionNotifier';
import { MonitoringService } from '../monitoring/MonitoringService';
import { CATALOG_ENTITIES, USERS, intake } from './fixtures';

/**
 * Test kit for the alert lifecycle: the monitoring service on a migrated database with a clock
 * the test moves, and helpers that build Alertmanager payloads as Alertmanager 0.25 sends them.
 * (Not a test file: the lifecycle and ingest tests share it.)
 */
export async function startMonitoring(
  knex: Knex,
  options: { policy?: JsonObject; start?: string } = {},
) {
  await knex.migrate.latest({ directory: migrationsDir });
  const clock = { now: new Date(options.start ?? '2026-12-01T10:00:00.000Z') };
  const now = () => clock.now;
  const policy = readPolicy(
    new ConfigReader({
      healthcareIntegration: { policy: options.policy ?? {} },
    }),
  );
  const roles = new RoleResolver(
    catalogServiceMock({ entities: CATALOG_ENTITIES }),
    mockServices.auth(),
  );
  const auditLog = new AuditLog(knex);
  const engine = new GovernanceEngine(
    knex,
    policy,
    roles,
    auditLog,
    () => {},
    now,
  );
  const send = jest.fn().mockResolvedValue(undefined);
  const instance = (
    services: ConstructorParameters<typeof MonitoringService>[7] = {},
  ) =>
    new MonitoringService(
      knex,
      policy,
      engine,
      roles,
      new ExceptionNotifier(
        knex,
        { send },
        60,
        mockServices.logger.mock(),
        now,
      ),
      now,
      auditLog,
      services,
    );
  const monitoring = instance();
  const record = async (name: string, namespace = 'default') => {
    await engine.create(
      { ...intake(name), namespace },
      { ref: USERS.requester, isUser: true },
    );
    const ref = `component:${namespace}/${name}`;
    await knex('hip_integrations')
      .where({ entity_ref: ref })
      .update({ stage: 'live' });
    return ref;
  };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  const exceptions = (ref: string) =>
    knex('hip_exceptions')
      .where({ entity_ref: ref })
      .orderBy('first_seen_at')
      .orderBy('id');
  /**
   * Where chain and tables disagree (the binding the audit verification checks), but for the
   * stage: `record` sets it to live directly, without the gates a real go-live needs.
   */
  const binding = async (ref: string) =>
    compareWithChain(
      await auditLog.read(ref),
      await readRecordSections(knex, await engine.getStatus(ref)),
      'the database',
    ).differences.filter(d => d.field !== 'integration.stage');
  return {
    clock,
    now,
    engine,
    monitoring,
    instance,
    record,
    advance,
    exceptions,
    binding,
    auditLog,
    send,
  };
}

export interface AlertInput {
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint?: string;
  generatorURL?: string;
}

/** A webhook payload as Alertmanager 0.25 sends it (`version: "4"`). */
export function webhook(
  alerts: AlertInput[],
  over: Record<string, unknown> = {},
) {
  const full = alerts.map(a => ({
    status: a.status ?? 'firing',
    labels: a.labels ?? {},
    annotations: a.annotations ?? {},
    startsAt: a.startsAt,
    endsAt:
      a.endsAt ??
      (a.status === 'resolved' ? a.startsAt : '0001-01-01T00:00:00Z'),
    generatorURL: a.generatorURL ?? 'http://prometheus.local:9090/graph',
    fingerprint: a.fingerprint ?? '',
  }));
  return {
    version: '4',
    groupKey: '{}:{alertname="HL7FailedMessages"}',
    truncatedAlerts: 0,
    status: full.some(a => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'backstage',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: full,
    ...over,
  };
}
