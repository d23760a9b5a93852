import type { IntegrationRecord } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { RecordSections } from './recordSections';
import { decisionKey, emptyState, type BoundState } from './replayState';

const pick = (o: Record<string, any>, keys: string[]) =>
  Object.fromEntries(keys.map(k => [k, o[k]]));

/** The sections in the shape replay derives, with exactly the fields the chain binds. */
export function boundStateOf(s: RecordSections): BoundState {
  const state = emptyState();
  const i = s.integration ?? ({} as IntegrationRecord);
  state.integration = pick(i, [
    'title',
    'stage',
    'profile',
    'roles',
    'requestedBy',
    'createdAt',
    'profileRevision',
    'policyHash',
  ]);
  for (const g of s.gates ?? []) {
    const decisions = new Map<string, Record<string, unknown>>();
    const counts = new Map<string, number>();
    // Time order, as replay keys them (the status read sorts them so too).
    for (const d of [...(g.decisions ?? [])].sort((a, b) =>
      String(a.decidedAt).localeCompare(String(b.decidedAt)),
    )) {
      const n = (counts.get(d.role) ?? 0) + 1;
      counts.set(d.role, n);
      decisions.set(
        decisionKey(d.role, n),
        pick(d, [
          'decision',
          'comment',
          'decidedBy',
          'decidedAt',
          'profileRevision',
          'evidenceDigest',
          'stale',
        ]),
      );
    }
    state.gates.set(g.id, {
      status: g.status,
      reopenReason: g.reopenReason,
      waiver: g.waiver as any,
      decisions,
    });
  }
  for (const e of s.evidence ?? []) {
    state.evidence.set(
      e.id,
      pick(e, [
        'kind',
        'title',
        'sha256',
        'sizeBytes',
        'mediaType',
        'url',
        'uploadedBy',
        'uploadedAt',
        'expiresAt',
        'supersedes',
        'supersededBy',
      ]),
    );
  }
  for (const t of s.tests ?? []) {
    state.tests.set(
      t.scenario,
      pick(t, [
        'result',
        'owner',
        'evidenceId',
        'notes',
        'recordedBy',
        'recordedAt',
      ]),
    );
  }
  for (const c of s.changeRequests ?? []) {
    state.changeRequests.set(
      c.id,
      pick(c, [
        'type',
        'changeClass',
        'status',
        'summary',
        'impactAssessment',
        'notify',
        'reopenedGates',
        'requestedBy',
        'requestedAt',
        'authorisedBy',
        'authorisedAt',
        'locked',
        'closedAt',
      ]),
    );
  }
  for (const r of s.recordChanges ?? []) {
    state.recordChanges.set(r.id, {
      ...pick(r, [
        'status',
        'proposedBy',
        'proposedAt',
        'before',
        'after',
        'approverRoles',
        'closedAt',
      ]),
      decisions: new Map(
        (r.decisions ?? []).map(d => [
          d.role,
          pick(d, ['decision', 'comment', 'decidedBy', 'decidedAt']),
        ]),
      ),
    });
  }
  for (const x of s.exceptions ?? []) {
    state.exceptions.set(
      x.id,
      pick(x, [
        'category',
        'kind',
        'status',
        'routedRole',
        'routedTo',
        'acknowledgedBy',
        'acknowledgedAt',
        'resolvedBy',
        'resolvedAt',
        'recoveredAt',
        'recoveredBy',
        'reopenedFrom',
      ]),
    );
  }
  for (const v of s.mapping?.versions ?? []) {
    state.mapping.versions.set(
      `v${v.version}`,
      pick(v, ['specHash', 'evidenceId', 'createdBy', 'createdAt', 'comment']),
    );
  }
  const counts = new Map<string, number>();
  for (const c of s.mapping?.confirmations ?? []) {
    const n = (counts.get(c.row) ?? 0) + 1;
    counts.set(c.row, n);
    state.mapping.confirmations.set(
      `${c.row} #${n}`,
      pick(c, [
        'row',
        'rowHash',
        'version',
        'status',
        'role',
        'decidedBy',
        'decidedAt',
        'comment',
        'stale',
      ]),
    );
  }
  for (const v of s.operatingModel?.versions ?? []) {
    state.operatingModel.set(
      `v${v.version}`,
      pick(v, ['contentHash', 'reason', 'createdAt']),
    );
  }
  return state;
}
