import {
  PARTY_LABELS,
  STAGE_LABELS,
  isGateClosed,
  labelOf,
  type GateStatus,
  type Stage,
} from '@hcig/backstage-plugin-healthcare-integration-common';

/** Display helpers shared by the components; pure so they are trivially testable. */

export function roleLabel(role: string): string {
  return labelOf(PARTY_LABELS, role);
}

export function stageLabel(stage: Stage | string): string {
  return labelOf(STAGE_LABELS, stage);
}

/** Gates that still await a decision: not closed (the common rule) and not rejected. */
export function isGateOpen(status: GateStatus): boolean {
  return !isGateClosed(status) && status !== 'rejected';
}

export function formatDateTime(iso?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** "due in 2d 4h" / "3d 2h overdue" — the SLA countdown of an open gate. */
export function slaText(
  dueAt: string,
  now: Date = new Date(),
): { text: string; overdue: boolean } {
  const diff = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const span = days > 0 ? `${days}d ${hours}h` : `${Math.max(hours, 0)}h`;
  return diff < 0
    ? { text: `${span} overdue`, overdue: true }
    : { text: `due in ${span}`, overdue: false };
}

/** `user:default/sam.okafor` → `sam.okafor`, for compact display. */
export function shortRef(ref?: string): string {
  if (!ref) return '—';
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':');
  return ref.slice(Math.max(slash, colon) + 1) || ref;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "Dec 4, 2026": a due date, without the time of day. */
export function formatDate(iso?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}
