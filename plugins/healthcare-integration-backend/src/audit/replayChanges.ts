import {
  INITIAL_CHANGE_STATUS,
  type ChangeClass,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { normalizeRef } from '../lib/refs';
import type { ReplayHandler } from './replayContext';
import { UNKNOWN } from './replayState';

/** Replay of change requests (after go-live) and record changes (roles, governed profile fields). */

const closeRecordChange: ReplayHandler = (ctx, event) => {
  const subject = event.subject;
  const rc = ctx.state.recordChanges.get(subject);
  if (!rc) return;
  ctx.setField(
    ['recordChanges', subject],
    rc,
    'status',
    event.action.slice('record-change.'.length),
  );
  ctx.setField(['recordChanges', subject], rc, 'closedAt', event.at);
};

const decideRecordChange: ReplayHandler = (ctx, event, p) => {
  const subject = event.subject;
  const rc = ctx.state.recordChanges.get(subject);
  if (!rc) return;
  rc.decisions.set(String(p.role), {
    decision: event.action.slice('record-change.'.length),
    comment: p.comment,
    decidedBy: event.actor,
    decidedAt: event.at,
  });
  ctx.mark(['recordChanges', subject, 'decisions', String(p.role)]);
};

export const changeHandlers: Record<string, ReplayHandler> = {
  'change.opened': (ctx, event, p) => {
    const subject = event.subject;
    const changeClass = p.changeClass as ChangeClass;
    const standard = changeClass === 'standard';
    ctx.state.changeRequests.set(subject, {
      type: p.type,
      changeClass,
      status: INITIAL_CHANGE_STATUS[changeClass] ?? UNKNOWN,
      summary: p.summary,
      impactAssessment: p.impactAssessment,
      notify: p.notify,
      reopenedGates: p.reopens,
      requestedBy: event.actor,
      requestedAt: event.at,
      authorisedBy: standard ? 'policy:standard-change' : undefined,
      authorisedAt: standard ? event.at : undefined,
      locked: standard,
    });
    ctx.mark(['changeRequests', subject]);
  },
  'change.updated': (ctx, { subject }, p) => {
    const cr = ctx.state.changeRequests.get(subject);
    if (!cr) return;
    const path = ['changeRequests', subject];
    if (p.summary !== undefined) ctx.setField(path, cr, 'summary', p.summary);
    if (p.impactAssessment !== undefined)
      ctx.setField(path, cr, 'impactAssessment', p.impactAssessment);
    if (Array.isArray(p.notify)) {
      let notify: unknown = UNKNOWN;
      try {
        notify = p.notify.map((r: string) => normalizeRef(r, 'user'));
      } catch {
        // A ref the engine would have refused: leave it uncompared.
      }
      ctx.setField(path, cr, 'notify', notify);
    }
  },
  'change.moved': (ctx, event, p) => {
    const cr = ctx.state.changeRequests.get(event.subject);
    if (!cr) return;
    const path = ['changeRequests', event.subject];
    ctx.setField(path, cr, 'status', p.to);
    if (p.to === 'implement' && cr.changeClass !== 'standard') {
      ctx.setField(path, cr, 'locked', true);
      // Carried since the signed-checkpoint release (the change-control approver, or "policy").
      ctx.setField(
        path,
        cr,
        'authorisedBy',
        'authorisedBy' in p ? p.authorisedBy : UNKNOWN,
      );
      ctx.setField(path, cr, 'authorisedAt', event.at);
    }
    if (p.to === 'closed') ctx.setField(path, cr, 'closedAt', event.at);
  },

  // How users were told of the change: a record of a send, not a change of governed state.
  'change.notified': () => {},

  'record-change.proposed': (ctx, event, p) => {
    ctx.state.recordChanges.set(event.subject, {
      status: 'pending',
      proposedBy: event.actor,
      proposedAt: event.at,
      before: p.before,
      after: p.after,
      approverRoles: p.approverRoles,
      decisions: new Map(),
    });
    ctx.mark(['recordChanges', event.subject]);
  },
  'record-change.approve': decideRecordChange,
  'record-change.reject': decideRecordChange,
  'record-change.applied': closeRecordChange,
  'record-change.rejected': closeRecordChange,
  'record-change.withdrawn': closeRecordChange,
};
