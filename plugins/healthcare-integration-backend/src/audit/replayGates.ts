import { type Payload, type ReplayHandler } from './replayContext';
import { decisionKey } from './replayState';

/**
 * Replay of gates: their status, reopening (which makes earlier decisions stale and starts a new
 * round), decisions with what the approver saw, and waivers with their co-approval.
 */

const decide: ReplayHandler = (ctx, event, p) => {
  const subject = event.subject;
  const decision = event.action.slice('gate.'.length);
  const round = Number(p.round ?? ctx.rounds.get(subject) ?? 1);
  const row: Record<string, unknown> = {
    decision,
    comment: p.comment,
    decidedBy: event.actor,
    decidedAt: event.at,
    profileRevision: p.profileRevision,
    evidenceDigest: p.evidenceDigest,
    stale: false,
  };
  ctx.gate(subject);
  const list = ctx.gateDecisions.get(subject) ?? [];
  list.push({ role: String(p.role), round, row, seq: ctx.seq });
  ctx.gateDecisions.set(subject, list);
  ctx.rekey(subject);
  const n = list.filter(d => d.role === String(p.role)).length;
  ctx.decisions.push({
    gateId: subject,
    key: decisionKey(String(p.role), n),
    seq: ctx.seq,
    role: String(p.role),
    decision,
    decidedBy: event.actor,
    decidedAt: event.at,
    comment: String(p.comment ?? ''),
    round,
    ...ctx.evidenceSeenAt(subject, round, String(p.evidenceDigest)),
  });
};

export const gateHandlers: Record<string, ReplayHandler> = {
  'gate.added': (ctx, event) => ctx.addGate(event.subject),
  'gate.status': (ctx, { subject }, p) => {
    ctx.setField(['gates', subject], ctx.gate(subject) as any, 'status', p.to);
  },
  'gate.reopened': (ctx, { subject }, p) => {
    const g = ctx.gate(subject);
    ctx.setField(['gates', subject], g as any, 'status', 'reopened');
    ctx.setField(['gates', subject], g as any, 'reopenReason', p.reason);
    ctx.setField(['gates', subject], g as any, 'waiver', undefined);
    ctx.rounds.set(
      subject,
      Number(p.round ?? (ctx.rounds.get(subject) ?? 1) + 1),
    );
    for (const d of ctx.gateDecisions.get(subject) ?? []) {
      if (!d.row.stale) {
        d.row.stale = true;
        d.staleSeq = ctx.seq;
      }
    }
    ctx.rekey(subject);
  },
  'gate.approve': decide,
  'gate.reject': decide,
  'gate.request-changes': decide,
  'gate.waiver-requested': (ctx, event, p) => {
    const subject = event.subject;
    ctx.setField(['gates', subject], ctx.gate(subject) as any, 'waiver', {
      by: event.actor,
      at: event.at,
      justification: p.justification,
      expiresAt: p.expiresAt,
      pendingCoApproval: p.awaits,
    });
  },
  'gate.waiver-confirmed': (ctx, event) => {
    const subject = event.subject;
    const g = ctx.gate(subject);
    const { pendingCoApproval: _done, ...rest } = (g.waiver ?? {}) as Payload;
    ctx.setField(['gates', subject], g as any, 'waiver', {
      ...rest,
      coApprovedBy: event.actor,
      coApprovedAt: event.at,
    });
  },
  'gate.waived': (ctx, event, p) => {
    const subject = event.subject;
    const g = ctx.gate(subject);
    // A co-approved waiver is the one requested and confirmed; otherwise it is this event's.
    if (!p.coApprovedBy || g.waiver?.coApprovedBy !== p.coApprovedBy) {
      ctx.setField(['gates', subject], g as any, 'waiver', {
        by: event.actor,
        at: event.at,
        justification: p.justification,
        expiresAt: p.expiresAt,
        ...(p.coApprovedBy ? { coApprovedBy: p.coApprovedBy } : {}),
      });
    }
  },
  // The gate.reopened that follows ends the waiver.
  'gate.waiver-expired': () => {},
};
