import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { UnsignedEvidencePack } from './evidencePack';
import { code, e, table, when } from './reportHtml';

/**
 * The change history: change requests after go-live, approved changes to roles and risk
 * profile, and the record and stage changes the chain records.
 */
export function changesSection(pack: UnsignedEvidencePack): string {
  const events = pack.audit.events;
  const changeRequests = table(
    [
      'Requested',
      'By',
      'Type / class',
      'Summary',
      'Impact',
      'Status',
      'Authorised',
      'Closed',
    ],
    pack.changeRequests.map(c => [
      when(c.requestedAt),
      e(c.requestedBy),
      `${e(c.type)} / ${e(c.changeClass)}`,
      e(c.summary),
      e(c.impactAssessment),
      e(c.status),
      c.authorisedBy ? `${e(c.authorisedBy)} ${when(c.authorisedAt)}` : '—',
      when(c.closedAt),
    ]),
    'No change requests',
  );
  const recordChanges = table(
    ['Proposed', 'By', 'Before', 'After', 'Decisions', 'Status'],
    pack.recordChanges.map(r => [
      when(r.proposedAt),
      e(r.proposedBy),
      code(JSON.stringify(r.before)),
      code(JSON.stringify(r.after)),
      r.decisions
        .map(
          d =>
            `${e(d.decision)} by ${e(d.decidedBy)} (${e(d.role)}) ${when(
              d.decidedAt,
            )}: ${e(d.comment)}`,
        )
        .join('<br>') || '—',
      `${e(r.status)}${r.closedAt ? ` ${when(r.closedAt)}` : ''}`,
    ]),
    'No record changes',
  );
  const history = table(
    ['Event', 'When', 'By', 'What'],
    events
      .filter(ev =>
        ['integration.created', 'integration.updated', 'stage.moved'].includes(
          ev.action,
        ),
      )
      .map(ev => [e(ev.seq), when(ev.at), e(ev.actor), describeChange(ev)]),
    'No changes',
  );
  return `<h3>Change requests</h3>${changeRequests}<h3>Changes to roles and risk profile</h3>${recordChanges}<h3>Record and stage changes</h3>${history}`;
}

function describeChange(ev: AuditEvent): string {
  const p = ev.payload as Record<string, any>;
  if (ev.action === 'stage.moved')
    return `stage ${e(p.from)} → <strong>${e(p.to)}</strong>`;
  if (ev.action === 'integration.created')
    return `record created with gates ${e((p.gates ?? []).join(', '))}`;
  if (p.recordChange) {
    return `approved record change ${code(
      p.recordChange,
    )} applied (revision ${e(p.profileRevision)}): ${code(
      JSON.stringify(p.before),
    )} → ${code(JSON.stringify(p.after))}`;
  }
  const parts: string[] = [];
  if (p.title) parts.push(`title ${e(p.title.before)} → ${e(p.title.after)}`);
  if (p.profile)
    parts.push(
      `profile ${code(JSON.stringify(p.profile.before))} → ${code(
        JSON.stringify(p.profile.after),
      )}`,
    );
  return `${parts.join('; ') || 'record updated'} (revision ${e(
    p.profileRevision,
  )})`;
}
