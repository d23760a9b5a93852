import { TEST_SCENARIOS } from '@hcig/backstage-plugin-healthcare-integration-common';
import { nullable, type Payload, type ReplayHandler } from './replayContext';
import { UNKNOWN } from './replayState';

/** Replay of the record itself (creation, edits, stage), its evidence and its tests. */
export const recordHandlers: Record<string, ReplayHandler> = {
  'integration.created': (ctx, event, p) => {
    const rec = ctx.state.integration as Record<string, unknown>;
    ctx.setField(['integration'], rec, 'title', p.title);
    ctx.setField(['integration'], rec, 'stage', 'intake');
    ctx.setField(['integration'], rec, 'profile', p.profile);
    ctx.setField(['integration'], rec, 'roles', p.roles);
    ctx.setField(['integration'], rec, 'requestedBy', event.actor);
    ctx.setField(['integration'], rec, 'createdAt', event.at);
    ctx.setField(['integration'], rec, 'profileRevision', 1);
    ctx.setField(['integration'], rec, 'policyHash', p.policyHash);
    for (const id of (p.gates ?? []) as string[]) ctx.addGate(id);
    for (const s of TEST_SCENARIOS) {
      const test: Record<string, unknown> = {
        result: 'not-run',
        owner: p.roles?.testOwner,
      };
      ctx.state.tests.set(s, test);
      ctx.mark(['tests', s]);
    }
  },
  // The record's gates were re-derived under a new running policy (their own events follow).
  'policy.applied': (ctx, _event, p) => {
    const rec = ctx.state.integration as Record<string, unknown>;
    ctx.setField(['integration'], rec, 'policyHash', p.policyHash);
  },
  'integration.updated': (ctx, _event, p) => {
    const rec = ctx.state.integration as Record<string, any>;
    if (p.recordChange) {
      const after = (p.after ?? {}) as Payload;
      if (after.title !== undefined)
        ctx.setField(['integration'], rec, 'title', after.title);
      if (after.profile)
        ctx.setField(['integration'], rec, 'profile', {
          ...rec.profile,
          ...after.profile,
        });
      if (after.roles) {
        ctx.setField(['integration'], rec, 'roles', {
          ...rec.roles,
          ...after.roles,
        });
        if (after.roles.testOwner) {
          for (const [s, t] of ctx.state.tests)
            ctx.setField(['tests', s], t, 'owner', after.roles.testOwner);
        }
      }
    } else {
      if (p.title?.after !== undefined)
        ctx.setField(['integration'], rec, 'title', p.title.after);
      if (p.profile?.after)
        ctx.setField(['integration'], rec, 'profile', {
          ...rec.profile,
          ...p.profile.after,
        });
    }
    if (p.profileRevision !== undefined)
      ctx.setField(['integration'], rec, 'profileRevision', p.profileRevision);
  },
  'stage.moved': (ctx, _event, p) => {
    ctx.setField(
      ['integration'],
      ctx.state.integration as Record<string, unknown>,
      'stage',
      p.to,
    );
  },

  'evidence.uploaded': (ctx, event, p) => {
    const subject = event.subject;
    const item: Record<string, unknown> = {
      kind: p.kind,
      title: p.title,
      sha256: p.sha256,
      sizeBytes: p.sizeBytes,
      // Carried since the signed-checkpoint release; older uploads did not record it.
      mediaType: 'mediaType' in p ? p.mediaType : UNKNOWN,
      url: nullable(p.url),
      uploadedBy: event.actor,
      uploadedAt: event.at,
      expiresAt: nullable(p.expiresAt),
      supersedes: nullable(p.supersedes),
    };
    ctx.state.evidence.set(subject, item);
    ctx.mark(['evidence', subject]);
    const old = p.supersedes
      ? ctx.state.evidence.get(String(p.supersedes))
      : undefined;
    if (old)
      ctx.setField(
        ['evidence', String(p.supersedes)],
        old,
        'supersededBy',
        subject,
      );
  },
  'test.recorded': (ctx, event, p) => {
    const subject = event.subject;
    let t = ctx.state.tests.get(subject);
    if (!t) {
      t = {};
      ctx.state.tests.set(subject, t);
      ctx.mark(['tests', subject]);
    }
    ctx.setField(['tests', subject], t, 'result', p.result);
    ctx.setField(['tests', subject], t, 'evidenceId', nullable(p.evidenceId));
    ctx.setField(['tests', subject], t, 'notes', nullable(p.notes));
    ctx.setField(['tests', subject], t, 'recordedBy', event.actor);
    ctx.setField(['tests', subject], t, 'recordedAt', event.at);
  },
};
