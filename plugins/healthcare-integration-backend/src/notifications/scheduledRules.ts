import {
  EVIDENCE_KIND_LABELS,
  ROLE_LABELS,
  labelOf,
  type Role,
  type RoleHolders,
  type SlaEscalation,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Notice } from './notice';
import { unique } from './recipients';
import { TOPICS, governanceLink } from './topics';

/** The time-driven notices: SLA reminders, escalation and expiring evidence. Pure. */

const DAY_MS = 86_400_000;

/** An open gate as the scheduled check reads it, with the roles still to decide it. */
export interface OpenGate {
  entityRef: string;
  recordTitle: string;
  gateId: string;
  gateTitle: string;
  openedAt: string;
  dueAt: string;
  holders: RoleHolders;
  undecidedRoles: Role[];
  requesters: string[];
}

export interface SlaSettings {
  dueSoonDays: number;
  /** An overdue gate reminds its approvers again after this many hours. */
  overdueRepeatHours: number;
  escalation?: SlaEscalation;
}

const day = (iso: string) => iso.slice(0, 10);

function approversOf(gate: OpenGate) {
  return unique(gate.undecidedRoles.map(r => gate.holders[r]));
}

export function slaNotices(
  gate: OpenGate,
  settings: SlaSettings,
  now: Date,
): Notice[] {
  const due = Date.parse(gate.dueAt);
  const late = now.getTime() - due;
  const link = governanceLink(gate.entityRef, { gate: gate.gateId });
  const round = `${gate.entityRef}|${gate.gateId}|${gate.openedAt}`;
  const base = {
    entityRef: gate.entityRef,
    recipients: approversOf(gate),
    exclude: gate.requesters,
  };
  const notices: Notice[] = [];
  if (late < 0 && -late <= settings.dueSoonDays * DAY_MS) {
    notices.push({
      ...base,
      rule: 'sla-due-soon',
      key: `sla-due-soon|${round}`,
      payload: {
        title: `${gate.recordTitle}: ${gate.gateTitle} is due ${day(
          gate.dueAt,
        )}`,
        description: `Waiting for ${rolesInWords(gate.undecidedRoles)}.`,
        link,
        topic: TOPICS.sla,
        severity: 'normal',
        scope: `gate:${gate.entityRef}:${gate.gateId}`,
      },
    });
  }
  if (late >= 0) {
    const daysLate = Math.floor(late / DAY_MS);
    // One reminder per window: the window's index is part of the claim.
    const window = Math.floor(late / (settings.overdueRepeatHours * 3_600_000));
    notices.push({
      ...base,
      rule: 'sla-overdue',
      key: `sla-overdue|${round}|${window}`,
      payload: {
        title: `${gate.recordTitle}: ${gate.gateTitle} is overdue`,
        description: `Due ${day(
          gate.dueAt,
        )} (${daysLate} day(s) ago); waiting for ${rolesInWords(
          gate.undecidedRoles,
        )}.`,
        link,
        topic: TOPICS.sla,
        severity: 'high',
        scope: `gate:${gate.entityRef}:${gate.gateId}`,
      },
    });
    const escalation = settings.escalation;
    if (escalation && late >= escalation.afterDaysOverdue * DAY_MS) {
      const target = escalation.role
        ? gate.holders[escalation.role]
        : escalation.group;
      notices.push({
        entityRef: gate.entityRef,
        recipients: unique([target]),
        exclude: [],
        rule: 'sla-escalation',
        key: `sla-escalation|${round}`,
        payload: {
          title: `Escalated: ${gate.recordTitle}: ${gate.gateTitle} is ${daysLate} day(s) overdue`,
          description: `Due ${day(gate.dueAt)}; still waiting for ${approversOf(
            gate,
          ).join(', ')} (${rolesInWords(gate.undecidedRoles)}).`,
          link,
          topic: TOPICS.escalation,
          severity: 'critical',
          scope: `gate:${gate.entityRef}:${gate.gateId}`,
        },
      });
    }
  }
  return notices.filter(n => n.recipients.length);
}

/** Evidence close to its expiry, with the gates (and so the approvers) it covers. */
export interface ExpiringEvidence {
  entityRef: string;
  recordTitle: string;
  id: string;
  kind: string;
  title: string;
  uploadedBy: string;
  expiresAt: string;
  holders: RoleHolders;
  /** Approver roles of the record's gates that need this kind of evidence. */
  approverRoles: Role[];
}

export function evidenceExpiryNotice(e: ExpiringEvidence): Notice {
  return {
    rule: 'evidence-expiry',
    key: `evidence-expiry|${e.entityRef}|${e.id}|${e.expiresAt}`,
    entityRef: e.entityRef,
    recipients: unique([
      e.uploadedBy.startsWith('user:') ? e.uploadedBy : undefined,
      ...e.approverRoles.map(r => e.holders[r]),
    ]),
    exclude: [],
    payload: {
      title: `${e.recordTitle}: ${e.title} expires ${day(e.expiresAt)}`,
      description: `${labelOf(
        EVIDENCE_KIND_LABELS,
        e.kind,
      )} evidence; once it expires, the gates it covers reopen. Upload a replacement before then.`,
      link: governanceLink(e.entityRef, { evidence: e.id }),
      topic: TOPICS.evidenceExpiry,
      severity: 'high',
      scope: `evidence:${e.id}`,
    },
  };
}

/** Roles as people read them ("Security reviewer, Compliance reviewer"). */
function rolesInWords(roles: Role[]): string {
  return roles.map(r => labelOf(ROLE_LABELS, r)).join(', ');
}
