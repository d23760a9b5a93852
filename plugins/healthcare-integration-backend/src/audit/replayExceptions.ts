import type { ReplayHandler } from './replayContext';

/** Replay of monitoring exceptions: opened by ingest, acknowledged or resolved by their role. */

const transition: ReplayHandler = (ctx, event, p) => {
  const subject = event.subject;
  let ex = ctx.state.exceptions.get(subject);
  if (!ex) {
    ex = { category: p.category, kind: p.kind };
    ctx.state.exceptions.set(subject, ex);
    ctx.mark(['exceptions', subject]);
  }
  const to = event.action.slice('exception.'.length);
  const path = ['exceptions', subject];
  ctx.setField(path, ex, 'status', to);
  if (to === 'acknowledged') {
    ctx.setField(path, ex, 'acknowledgedBy', event.actor);
    ctx.setField(path, ex, 'acknowledgedAt', event.at);
  } else {
    ctx.setField(path, ex, 'resolvedBy', event.actor);
    ctx.setField(path, ex, 'resolvedAt', event.at);
  }
};

export const exceptionHandlers: Record<string, ReplayHandler> = {
  'exception.opened': (ctx, { subject }, p) => {
    ctx.state.exceptions.set(subject, {
      category: p.category,
      kind: p.kind,
      status: 'open',
      routedRole: p.routedRole,
      routedTo: p.routedTo,
    });
    ctx.mark(['exceptions', subject]);
  },
  'exception.acknowledged': transition,
  'exception.resolved': transition,
};
