import type { UnsignedEvidencePack } from './evidencePack';
import { code, e, short, table, when } from './reportHtml';

/** Who asked for the integration, what it carries (PHI, vendor, data classes) and who holds which role. */
export function integrationSection(pack: UnsignedEvidencePack): string {
  const record = pack.integration;
  const profile = (record.profile ?? {}) as unknown as Record<string, unknown>;
  const roles = Object.entries((record.roles ?? {}) as Record<string, string>);
  return `
    <dl>
      <dt>Integration</dt><dd>${e(record.title)} (${code(
    record.entityRef,
  )})</dd>
      <dt>Stage</dt><dd>${e(record.stage)}</dd>
      <dt>Requested by</dt><dd>${e(record.requestedBy)} on ${when(
    record.createdAt,
  )}</dd>
      <dt>Carries PHI</dt><dd>${profile.phi ? 'yes' : 'no'}${
    profile.externalVendor ? `; external vendor ${e(profile.vendorName)}` : ''
  }${profile.patientFacing ? '; patient-facing' : ''}</dd>
      <dt>Data classes</dt><dd>${e(
        ((profile.dataClasses as string[]) ?? []).join(', '),
      )}</dd>
      <dt>Messages</dt><dd>${e(
        ((profile.messageTypes as string[]) ?? []).join(', '),
      )}: ${e(profile.sourceSystem)} → ${e(profile.destinationSystem)}</dd>
      <dt>Population</dt><dd>${e(profile.patientPopulation)}</dd>
      <dt>Business reason</dt><dd>${e(profile.businessReason)}</dd>
      <dt>Profile revision</dt><dd>${e(record.profileRevision)}; policy ${short(
    record.policyHash,
  )}</dd>
    </dl>
    ${table(
      ['Role', 'Holder'],
      roles.map(([r, h]) => [e(r), e(h)]),
      'No role holders',
    )}`;
}
