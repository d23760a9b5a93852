import type { ReplayHandler } from './replayContext';

/**
 * Replay of monitoring exceptions: opened by ingest (a new occurrence names the one it follows),
 * recovered at the source and withdrawn when the alert fires again, acknowledged or resolved by
 * their role (or resolved by the policy's auto-resolve).
 */

/** `monitoring:<source>` → `<source>`, as the exception stores who reported the recovery. */
const sourceOf = (actor: string) => actor.replace(/^monitoring:/, '');

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
      ...(p.reopenedFrom ? { reopenedFrom: p.reopenedFrom } : {}),
    });
    ctx.mark(['exceptions', subject]);
  },
  'exception.recovered': (ctx, event, p) => {
    const ex = ctx.state.exceptions.get(event.subject);
    if (!ex) return;
    const path = ['exceptions', event.subject];
    ctx.setField(path, ex, 'recoveredAt', p.recoveredAt);
    ctx.setField(path, ex, 'recoveredBy', sourceOf(event.actor));
  },
  'exception.refired': (ctx, event) => {
    const ex = ctx.state.exceptions.get(event.subject);
    if (!ex) return;
    const path = ['exceptions', event.subject];
    ctx.setField(path, ex, 'recoveredAt', undefined);
    ctx.setField(path, ex, 'recoveredBy', undefined);
  },
  'exception.acknowledged': transition,
  'exception.resolved': transition,
};
