import type { AuditEvent } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The audit trail as a FHIR R4 `Bundle` of `AuditEvent` resources, so that a hospital's audit
 * repository or SIEM can ingest it. Each event keeps its chain hashes as entity details.
 */
export function toFhirAuditBundle(
  events: AuditEvent[],
  observer: string,
  now: Date,
): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    total: events.length,
    entry: events.map(e => ({
      fullUrl: `urn:uuid:${uuidFromHash(e.hash)}`,
      resource: toFhirAuditEvent(e, observer),
    })),
  };
}

export function toFhirAuditEvent(e: AuditEvent, observer: string) {
  return {
    resourceType: 'AuditEvent',
    id: uuidFromHash(e.hash),
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [
      { system: 'urn:backstage:healthcare-integration:action', code: e.action },
    ],
    action: fhirAction(e.action),
    recorded: e.at,
    outcome: '0',
    agent: [
      {
        who: {
          identifier: { system: 'urn:backstage:entity-ref', value: e.actor },
        },
        requestor: true,
      },
    ],
    source: { observer: { display: observer } },
    entity: [
      {
        what: {
          identifier: {
            system: 'urn:backstage:entity-ref',
            value: e.integrationRef,
          },
        },
        name: e.subject,
        detail: [
          { type: 'seq', valueString: String(e.seq) },
          { type: 'hash', valueString: e.hash },
          { type: 'prevHash', valueString: e.prevHash },
          { type: 'payload', valueString: JSON.stringify(e.payload) },
        ],
      },
    ],
  };
}

/** FHIR AuditEvent.action: C create, R read, U update, D delete, E execute. */
function fhirAction(action: string): 'C' | 'U' | 'E' {
  if (
    action.endsWith('.created') ||
    action.endsWith('.uploaded') ||
    action.endsWith('.opened') ||
    action.endsWith('.added')
  )
    return 'C';
  if (
    action.startsWith('gate.approve') ||
    action.startsWith('gate.reject') ||
    action.startsWith('gate.request')
  )
    return 'E';
  return 'U';
}

function uuidFromHash(hash: string) {
  const h = hash.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}
