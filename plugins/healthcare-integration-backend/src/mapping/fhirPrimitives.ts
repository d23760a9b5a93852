import { r4PrimitiveRegex } from './definitions/r4Definitions';

/**
 * R4 primitive values: the regex each primitive's StructureDefinition states, the JSON type it
 * is written as, and what a regex cannot say (integer range, real calendar dates).
 */

export const FHIR_NUMBER_TYPES = new Set([
  'decimal',
  'integer',
  'positiveInt',
  'unsignedInt',
]);
export const FHIR_DATE_TYPES = new Set(['date', 'dateTime', 'instant']);

/** The model's `System.String` and friends, as the FHIR primitive they stand for. */
export function fhirPrimitiveName(type: string): string {
  const t = type.replace(/^System\./, '');
  return (
    {
      String: 'string',
      Boolean: 'boolean',
      Integer: 'integer',
      Decimal: 'decimal',
      Date: 'date',
      DateTime: 'dateTime',
      Time: 'time',
    }[t] ?? t
  );
}

function daysIn(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date part that passes the regex but names no real day (2026-02-30). */
function calendarProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return d > daysIn(y, mo) ? `${m[0]} is not a calendar date` : undefined;
}

/** Why a value written as text is not a valid R4 `type`, or undefined when it is. */
export function primitiveTextProblem(
  type: string,
  text: string,
): string | undefined {
  const t = fhirPrimitiveName(type);
  const regex = r4PrimitiveRegex(t);
  if (regex && !regex.test(text)) {
    return `"${text}" is not a valid FHIR ${t} (R4: ${regex.source.slice(
      4,
      -2,
    )})`;
  }
  if (t === 'integer' || t === 'positiveInt' || t === 'unsignedInt') {
    const n = Number(text);
    if (n > 2147483647 || n < -2147483648)
      return `"${text}" is outside the 32-bit range of a FHIR ${t}`;
  }
  if (FHIR_DATE_TYPES.has(t)) return calendarProblem(text);
  return undefined;
}

/** Why a JSON value is not a valid R4 `type` (JSON type first, then its text). */
export function primitiveJsonProblem(
  type: string,
  value: unknown,
): string | undefined {
  const t = fhirPrimitiveName(type);
  if (t === 'boolean') {
    return typeof value === 'boolean'
      ? undefined
      : `a boolean (JSON true or false); got ${JSON.stringify(value)}`;
  }
  if (FHIR_NUMBER_TYPES.has(t)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return `a ${t} (JSON number); got ${JSON.stringify(value)}`;
    return primitiveTextProblem(t, String(value));
  }
  if (typeof value !== 'string')
    return `a ${t} (JSON string); got ${JSON.stringify(value)}`;
  return primitiveTextProblem(t, value);
}
