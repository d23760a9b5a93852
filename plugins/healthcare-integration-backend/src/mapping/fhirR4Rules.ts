/**
 * Two facts about FHIR R4 that the fhirpath.js model (types, choice types, repetition) does not
 * carry, transcribed from the R4 resource definitions (hl7.org/fhir/R4) for the resources
 * interfaces commonly produce:
 *
 * - top-level elements with minimum cardinality ≥ 1;
 * - `code` elements bound to a required value set (a mapped code outside it is invalid).
 *
 * A resource not listed here has its required elements unchecked (reported as a warning once).
 */
export const R4_REQUIRED_ELEMENTS: Record<string, string[]> = {
  Patient: [],
  Practitioner: [],
  Organization: [],
  Location: [],
  Specimen: [],
  RelatedPerson: ['patient'],
  Encounter: ['status', 'class'],
  EpisodeOfCare: ['status', 'patient'],
  ServiceRequest: ['status', 'intent', 'subject'],
  Observation: ['status', 'code'],
  DiagnosticReport: ['status', 'code'],
  Appointment: ['status', 'participant'],
  Schedule: ['actor'],
  Slot: ['schedule', 'status', 'start', 'end'],
  Condition: ['subject'],
  Procedure: ['status', 'subject'],
  AllergyIntolerance: ['patient'],
  Immunization: ['status', 'vaccineCode', 'patient', 'occurrence[x]'],
  MedicationRequest: ['status', 'intent', 'medication[x]', 'subject'],
  MedicationAdministration: ['status', 'medication[x]', 'subject', 'effective[x]'],
  MedicationDispense: ['status', 'medication[x]'],
  DocumentReference: ['status', 'content'],
  Coverage: ['status', 'beneficiary', 'payor'],
  Account: ['status'],
  ChargeItem: ['status', 'code', 'subject'],
  Claim: ['status', 'type', 'use', 'patient', 'created', 'provider', 'priority', 'insurance'],
  Invoice: ['status'],
  Task: ['status', 'intent'],
  Communication: ['status'],
  MessageHeader: ['event[x]', 'source'],
  Bundle: ['type'],
};

export const R4_REQUIRED_CODES: Record<string, string[]> = {
  'Patient.gender': ['male', 'female', 'other', 'unknown'],
  'Encounter.status': ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'],
  'ServiceRequest.status': ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
  'ServiceRequest.intent': ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
  'ServiceRequest.priority': ['routine', 'urgent', 'asap', 'stat'],
  'Observation.status': ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'],
  'DiagnosticReport.status': ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'],
  'Appointment.status': ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'],
  'Appointment.participant.status': ['accepted', 'declined', 'tentative', 'needs-action'],
  'ChargeItem.status': ['planned', 'billable', 'not-billable', 'aborted', 'billed', 'entered-in-error', 'unknown'],
  'Bundle.type': ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'],
};
