import type { Knex } from 'knex';
import type { Config } from '@backstage/config';
import type {
  GovernancePolicy,
  Role,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { DecisionRow } from '../database/rows';
import { OPEN_GATE_STATUSES } from './commitRules';
import type { NoticeDispatcher } from './dispatcher';
import { unique } from './recipients';
import {
  type ExpiringEvidence,
  type OpenGate,
  type SlaSettings,
  evidenceExpiryNotice,
  slaNotices,
} from './scheduledRules';

const DAY_MS = 86_400_000;

export interface ScheduledNoticeSettings extends SlaSettings {
  /** Evidence expiring within this many days is announced (once per expiry date). */
  evidenceWarningDays: number;
}

/** The settings of the scheduled check: the policy's SLA section and the plugin's config. */
export function readScheduledNoticeSettings(
  config: Config,
  policy: GovernancePolicy,
): ScheduledNoticeSettings {
  const key = 'healthcareIntegration.notifications';
  return {
    dueSoonDays: policy.sla?.dueSoonDays ?? 2,
    escalation: policy.sla?.escalation,
    overdueRepeatHours:
      config.getOptionalNumber(`${key}.overdueRepeatHours`) ?? 24,
    evidenceWarningDays:
      config.getOptionalNumber(`${key}.evidenceWarningDays`) ?? 14,
  };
}

/**
 * The scheduled check for time-driven notices: gates due soon, overdue (again each window) and
 * escalated; evidence about to expire. Every notice is claimed before it is sent, so instances
 * racing the same check send each once.
 */
export class ScheduledNotices {
  constructor(
    private readonly db: Knex,
    private readonly dispatcher: NoticeDispatcher,
    private readonly settings: ScheduledNoticeSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves to how many notices this run sent. */
  async run(): Promise<number> {
    const now = this.clock();
    const notices = [
      ...(await this.openGates(now)).flatMap(g =>
        slaNotices(g, this.settings, now),
      ),
      ...(await this.expiringEvidence(now)).map(evidenceExpiryNotice),
    ];
    return this.dispatcher.dispatch(notices);
  }

  private async openGates(now: Date): Promise<OpenGate[]> {
    const horizon = new Date(
      now.getTime() + this.settings.dueSoonDays * DAY_MS,
    ).toISOString();
    const rows = await this.db('hip_gates as g')
      .join('hip_integrations as i', 'i.entity_ref', 'g.entity_ref')
      .whereIn('g.status', OPEN_GATE_STATUSES)
      .whereNot('i.stage', 'retired')
      .where('g.due_at', '<=', horizon)
      .select(
        'g.entity_ref',
        'g.gate_id',
        'g.title',
        'g.round',
        'g.approver_roles',
        'g.opened_at',
        'g.due_at',
        'g.requested_by',
        'i.title as record_title',
        'i.roles',
        'i.requested_by as record_requester',
      );
    if (!rows.length) return [];
    const decided = await this.db<DecisionRow>('hip_gate_decisions')
      .whereIn('entity_ref', unique(rows.map(r => r.entity_ref)))
      .where('stale', false)
      .select('entity_ref', 'gate_id', 'round', 'role');
    return rows.map(r => {
      const roles = (JSON.parse(r.approver_roles) as Role[]).filter(
        role =>
          !decided.some(
            d =>
              d.entity_ref === r.entity_ref &&
              d.gate_id === r.gate_id &&
              Number(d.round) === Number(r.round) &&
              d.role === role,
          ),
      );
      return {
        entityRef: r.entity_ref,
        recordTitle: r.record_title,
        gateId: r.gate_id,
        gateTitle: r.title,
        openedAt: r.opened_at,
        dueAt: r.due_at,
        holders: JSON.parse(r.roles),
        undecidedRoles: roles,
        requesters: unique([r.record_requester, r.requested_by]),
      };
    });
  }

  private async expiringEvidence(now: Date): Promise<ExpiringEvidence[]> {
    const horizon = new Date(
      now.getTime() + this.settings.evidenceWarningDays * DAY_MS,
    ).toISOString();
    const rows = await this.db('hip_evidence as e')
      .join('hip_integrations as i', 'i.entity_ref', 'e.entity_ref')
      .whereNull('e.superseded_by')
      .whereNot('i.stage', 'retired')
      .where('e.expires_at', '>', now.toISOString())
      .where('e.expires_at', '<=', horizon)
      .select(
        'e.id',
        'e.entity_ref',
        'e.kind',
        'e.title',
        'e.uploaded_by',
        'e.expires_at',
        'i.title as record_title',
        'i.roles',
      );
    if (!rows.length) return [];
    const gates = await this.db('hip_gates')
      .whereIn('entity_ref', unique(rows.map(r => r.entity_ref)))
      .whereNot('status', 'not-required')
      .select('entity_ref', 'evidence_kinds', 'approver_roles');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      recordTitle: r.record_title,
      id: r.id,
      kind: r.kind,
      title: r.title,
      uploadedBy: r.uploaded_by,
      expiresAt: r.expires_at,
      holders: JSON.parse(r.roles),
      approverRoles: unique(
        gates
          .filter(
            g =>
              g.entity_ref === r.entity_ref &&
              (JSON.parse(g.evidence_kinds) as string[]).includes(r.kind),
          )
          .flatMap(g => JSON.parse(g.approver_roles) as string[]),
      ) as Role[],
    }));
  }
}
