import { fhirPrimitiveName } from './fhirPrimitives';

/**
 * Which copies between an HL7 v2 type and a FHIR R4 primitive need a transform: the
 * compatibility table of a row whose transform is `copy`. `ok` copies as is (a warning marks a
 * judgement call); otherwise the row needs one of `needs` and the copy is an error.
 */
export type Compatibility =
  | { ok: true; warning?: string }
  | { ok: false; needs: string; why: string };

const HL7_DATES = new Set(['DT', 'DTM', 'TS']);
const HL7_NUMBERS = new Set(['NM', 'SI']);
const HL7_CODES = new Set(['ID', 'IS']);
/** Elements whose type the message states (OBX-5 by OBX-2). */
export const VARIES = new Set(['VARIES', 'varies', '*']);
const FHIR_TEXT = new Set([
  'string',
  'markdown',
  'code',
  'id',
  'uri',
  'url',
  'canonical',
  'oid',
  'uuid',
  'base64Binary',
  'xhtml',
]);

const ok = (warning?: string): Compatibility =>
  warning ? { ok: true, warning } : { ok: true };
const needs = (n: string, why: string): Compatibility => ({
  ok: false,
  needs: n,
  why,
});

/** HL7 v2 → FHIR R4, by the HL7 type of the source element and the FHIR type of the destination. */
export function hl7ToFhir(hl7Type: string, fhirType: string): Compatibility {
  const f = fhirPrimitiveName(fhirType);
  const h = hl7Type;
  if (FHIR_TEXT.has(f)) return ok();
  if (VARIES.has(h))
    return ok(
      `the source's HL7 type is set by the message (OBX-2 for OBX-5); a value that is not a FHIR ${f} fails the row at run time`,
    );
  if (f === 'boolean') {
    return needs(
      'code-map',
      HL7_CODES.has(h)
        ? `an HL7 ${h} carries codes (Y/N, table 0136), a FHIR boolean only true or false`
        : `an HL7 ${h} is not a FHIR boolean (true or false)`,
    );
  }
  if (f === 'decimal')
    return HL7_NUMBERS.has(h)
      ? ok()
      : needs('code-map or fhirpath', `an HL7 ${h} is not a number`);
  if (f === 'integer' || f === 'positiveInt' || f === 'unsignedInt') {
    if (h === 'SI') return ok();
    if (h === 'NM')
      return ok(
        `an HL7 NM may carry decimals or a sign; a FHIR ${f} fails on them at run time`,
      );
    return needs('code-map or fhirpath', `an HL7 ${h} is not a FHIR ${f}`);
  }
  if (f === 'date' || f === 'dateTime' || f === 'instant') {
    return needs(
      'date-format',
      HL7_DATES.has(h)
        ? `an HL7 ${h} (e.g. 20261125093000-0500) is written differently from a FHIR ${f} (2026-11-25T09:30:00-05:00)`
        : `an HL7 ${h} is not a date; a FHIR ${f} needs one`,
    );
  }
  if (f === 'time')
    return needs(
      'date-format',
      `an HL7 ${h} is not written as a FHIR time (hh:mm:ss)`,
    );
  return ok();
}

/** FHIR R4 → HL7 v2, by the FHIR type of the source element and the HL7 type of the destination. */
export function fhirToHl7(fhirType: string, hl7Type: string): Compatibility {
  const f = fhirPrimitiveName(fhirType);
  const h = hl7Type;
  if (HL7_DATES.has(h)) {
    return f === 'date' || f === 'dateTime' || f === 'instant'
      ? needs(
          'date-format',
          `a FHIR ${f} (2026-11-25T09:30:00-05:00) is written differently from an HL7 ${h} (20261125093000-0500)`,
        )
      : needs(
          'date-format',
          `a FHIR ${f} is not a date; an HL7 ${h} needs one`,
        );
  }
  if (
    HL7_NUMBERS.has(h) &&
    !['decimal', 'integer', 'positiveInt', 'unsignedInt'].includes(f)
  )
    return needs('code-map or fhirpath', `a FHIR ${f} is not a number`);
  if (f === 'boolean' && HL7_CODES.has(h))
    return needs(
      'code-map',
      `a FHIR boolean (true/false) is not an HL7 ${h} code (Y/N, table 0136)`,
    );
  return ok();
}

/** FHIR → FHIR primitives: the same type, a widening (date → dateTime, integer → decimal) or text. */
export function fhirToFhir(from: string, to: string): Compatibility {
  const a = fhirPrimitiveName(from);
  const b = fhirPrimitiveName(to);
  if (a === b || FHIR_TEXT.has(b)) return ok();
  const widening: Record<string, string[]> = {
    dateTime: ['date', 'instant'],
    decimal: ['integer', 'positiveInt', 'unsignedInt'],
    integer: ['positiveInt', 'unsignedInt'],
    unsignedInt: ['positiveInt'],
  };
  if (widening[b]?.includes(a)) return ok();
  return needs(
    b === 'date' || b === 'dateTime' || b === 'instant'
      ? 'date-format'
      : 'code-map or fhirpath',
    `a FHIR ${a} is not a FHIR ${b}`,
  );
}
