import { nullable, type ReplayHandler } from './replayContext';
import { UNKNOWN } from './replayState';

/**
 * Replay of the mapping review (stored versions and row sign-offs, which a new version may
 * stale) and of the operating model the approved mapping feeds (its versions' hashes).
 */

const decideRow: ReplayHandler = (ctx, event, p) => {
  const subject = event.subject;
  const row = String(p.row);
  const n = (ctx.confirmationCount.get(row) ?? 0) + 1;
  ctx.confirmationCount.set(row, n);
  const key = `${row} #${n}`;
  const version = /^mapping:v(\d+)#/.exec(subject)?.[1];
  ctx.state.mapping.confirmations.set(key, {
    row,
    rowHash: p.rowHash,
    version: version ? Number(version) : UNKNOWN,
    status: event.action.slice('mapping.row.'.length),
    role: p.role,
    decidedBy: event.actor,
    decidedAt: event.at,
    comment: nullable(p.comment),
    stale: false,
  });
  ctx.mark(['mapping', 'confirmations', key]);
};

export const mappingHandlers: Record<string, ReplayHandler> = {
  'mapping.version.stored': (ctx, event, p) => {
    const key = `v${p.version}`;
    ctx.state.mapping.versions.set(key, {
      specHash: p.specHash,
      evidenceId: nullable(p.evidenceId),
      createdBy: event.actor,
      createdAt: event.at,
      comment: nullable(p.comment),
    });
    ctx.mark(['mapping', 'versions', key]);
  },
  'mapping.confirmations.stale': (ctx, _event, p) => {
    const rows = new Set((p.rows ?? []) as string[]);
    for (const [key, c] of ctx.state.mapping.confirmations) {
      if (rows.has(String(c.row)) && !c.stale)
        ctx.setField(['mapping', 'confirmations', key], c, 'stale', true);
    }
  },
  'mapping.row.confirmed': decideRow,
  'mapping.row.disputed': decideRow,
  // Its evidence and test result are events of their own.
  'mapping.run': () => {},
  'operatingModel.versioned': (ctx, event, p) => {
    const key = `v${p.version}`;
    ctx.state.operatingModel.set(key, {
      contentHash: p.contentHash,
      reason: p.reason,
      createdAt: event.at,
    });
    ctx.mark(['operatingModel', key]);
  },
};
