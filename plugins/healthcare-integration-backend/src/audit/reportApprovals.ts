import type { Evidence } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { UnsignedEvidencePack } from './evidencePack';
import type { Replay, ReplayedDecision } from './replay';
import { code, e, short, table, when } from './reportHtml';

/**
 * Who approved what, and when: each gate's decisions as the chain replays them, with the
 * evidence the approver saw and whether it reproduces the digest recorded with the decision.
 */
export function approvalsSection(
  pack: UnsignedEvidencePack,
  replay: Replay,
  evidenceById: Map<string, Evidence>,
): string {
  const seenCell = (d: ReplayedDecision) => {
    if (!d.evidenceSeen) return '—';
    const items = d.evidenceSeen.map(id => {
      const ev = evidenceById.get(id);
      return `${e(ev?.title ?? id)} (${e(ev?.kind ?? '')}) ${short(
        ev?.sha256,
      )}`;
    });
    const list = items.length
      ? items.join('<br>')
      : '<span class="empty">no evidence of the gate’s kinds</span>';
    if (d.digestMatches === undefined) return list;
    return d.digestMatches
      ? `${list}<br><span class="ok">✔ matches the digest recorded with the decision</span>`
      : `${list}<br><span class="bad">✘ does not reproduce the digest recorded with the decision</span>`;
  };
  const staleOf = (d: ReplayedDecision) =>
    replay.state.gates.get(d.gateId)?.decisions.get(d.key)?.stale
      ? 'superseded (gate reopened)'
      : 'current';
  return pack.gates
    .map(gate => {
      const ds = replay.decisions.filter(d => d.gateId === gate.id);
      return `<h3>${e(gate.title)} <span class="meta">(${code(
        gate.id,
      )}, stage ${e(gate.stage)})</span></h3>
        <p>Status <strong>${e(gate.status)}</strong>; approvers: ${e(
        gate.approverRoles.join(', '),
      )}${gate.reopenReason ? `; last reopened: ${e(gate.reopenReason)}` : ''}${
        gate.waiver
          ? `; waived by ${e(gate.waiver.by)} until ${when(
              gate.waiver.expiresAt,
            )}`
          : ''
      }</p>
        ${table(
          [
            'Event',
            'When',
            'Role',
            'Decision',
            'By',
            'Comment',
            'Evidence they saw',
            'Standing',
          ],
          ds.map(d => [
            e(d.seq),
            when(d.decidedAt),
            e(d.role),
            `<strong>${e(d.decision)}</strong>`,
            e(d.decidedBy),
            e(d.comment),
            seenCell(d),
            e(staleOf(d)),
          ]),
          'No decisions yet',
        )}`;
    })
    .join('');
}

const WAIVER_EVENTS: Record<string, string> = {
  'gate.waiver-requested': 'waiver requested (awaits a co-approver)',
  'gate.waiver-confirmed': 'waiver confirmed by the co-approver',
  'gate.waived': 'waiver in force',
  'gate.waiver-expired': 'waiver expired; gate reopened',
};

/** Every waiver event of the chain: requested, confirmed, in force, expired. */
export function waiversSection(pack: UnsignedEvidencePack): string {
  return table(
    ['Event', 'When', 'Gate', 'What', 'By', 'Justification', 'Expires'],
    pack.audit.events
      .filter(ev => ev.action.startsWith('gate.waive'))
      .map(ev => [
        e(ev.seq),
        when(ev.at),
        e(ev.subject),
        e(WAIVER_EVENTS[ev.action] ?? ev.action),
        e(ev.actor),
        e(ev.payload.justification ?? ev.payload.comment ?? ''),
        when(ev.payload.expiresAt as string | undefined),
      ]),
    'No waivers',
  );
}
