import type {
  MappingIssue,
  MappingRow,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { SourceInfo } from './checkSource';
import { datePatternShape } from './dateFormat';
import {
  FHIR_DATE_TYPES,
  FHIR_NUMBER_TYPES,
  fhirPrimitiveName,
  primitiveTextProblem,
} from './fhirPrimitives';
import {
  fhirToFhir,
  fhirToHl7,
  hl7ToFhir,
  type Compatibility,
} from './typeCompatibility';

/**
 * Whether what a row writes fits the destination's type: a copy by the HL7 × FHIR compatibility
 * table, constants and code-map values by the R4 regex of the destination, a date-format's output
 * pattern by the date type it writes.
 */

/** The date-format the validator suggests, producing values valid for the destination type. */
export function suggestDateFormat(
  source: SourceInfo | undefined,
  destination: { fhirType?: string; hl7Type?: string },
): string {
  let from = 'YYYYMMDDHHmmssZZ';
  if (source?.hl7Type === 'DT') from = 'YYYYMMDD';
  if (source?.fhirType) from = 'YYYY-MM-DDTHH:mm:ssZ';
  let to = 'YYYY-MM-DDTHH:mm:ssZ';
  if (destination.fhirType === 'date') to = 'YYYY-MM-DD';
  if (destination.fhirType === 'time') to = 'HH:mm:ss';
  if (destination.hl7Type)
    to = destination.hl7Type === 'DT' ? 'YYYYMMDD' : 'YYYYMMDDHHmmssZZ';
  return `transform: { type: date-format, from: '${from}', to: '${to}' }`;
}

/** Why a date-format's output pattern does not suit an R4 type (undefined: it does). */
function fhirPatternProblem(to: string, type: string): string | undefined {
  const shape = datePatternShape(to);
  if (type === 'date') {
    return ['YYYY', 'YYYY-MM', 'YYYY-MM-DD'].includes(to)
      ? undefined
      : `a FHIR date is written YYYY, YYYY-MM or YYYY-MM-DD; "${to}" is not`;
  }
  if (type === 'time') {
    return to === 'HH:mm:ss'
      ? undefined
      : `a FHIR time is written HH:mm:ss; "${to}" is not`;
  }
  if (['YYYY', 'YYYY-MM', 'YYYY-MM-DD'].includes(to))
    return type === 'instant'
      ? `a FHIR instant needs the time and zone; "${to}" writes a date`
      : undefined;
  if (shape.hasTime && !shape.hasSeconds)
    return `a FHIR ${type} with a time always has seconds (HH:mm:ss); "${to}" has none`;
  if (shape.hasTime && !shape.zone)
    return `a FHIR ${type} with a time needs a zone (Z, +HH:MM); "${to}" writes none`;
  if (shape.zone === 'ZZ')
    return `a FHIR ${type} writes its zone as +HH:MM (Z); "${to}" writes +HHMM (ZZ)`;
  return to === 'YYYY-MM-DDTHH:mm:ssZ'
    ? undefined
    : `a FHIR ${type} is written YYYY-MM-DDTHH:mm:ssZ; "${to}" is not`;
}

function hl7PatternProblem(to: string, type: string): string | undefined {
  const shape = datePatternShape(to);
  if (!shape.compact)
    return `an HL7 ${type} is written without separators (YYYYMMDDHHmmss); "${to}" has some`;
  if (shape.zone === 'Z')
    return `an HL7 ${type} writes its offset as +HHMM (ZZ); "${to}" writes +HH:MM`;
  if (type === 'DT' && shape.hasTime)
    return `an HL7 DT holds a date only; "${to}" writes a time`;
  return undefined;
}

const FHIR_TEXT_LIKE = (t: string) =>
  !FHIR_NUMBER_TYPES.has(t) && !FHIR_DATE_TYPES.has(t) && t !== 'boolean';

/** Checks a row's values against its destination type (FHIR primitive or HL7 type). */
export function checkValueTypes(
  row: MappingRow,
  source: SourceInfo | undefined,
  dest: { fhirType?: string; hl7Type?: string },
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const path = row.destination;
  const t = row.transform;
  const f = dest.fhirType ? fhirPrimitiveName(dest.fhirType) : undefined;
  const h = dest.hl7Type;
  const label = f ? `the FHIR ${f} ${path}` : `the HL7 ${h} ${path}`;
  if (t.type === 'copy' && source) {
    let c: Compatibility | undefined;
    if (f && source.hl7Type) c = hl7ToFhir(source.hl7Type, f);
    else if (f && source.fhirType) c = fhirToFhir(source.fhirType, f);
    else if (h && source.fhirType) c = fhirToHl7(source.fhirType, h);
    if (c && !c.ok) {
      let suggestion: string | undefined;
      if (c.needs.startsWith('date-format'))
        suggestion = suggestDateFormat(source, dest);
      else if (f === 'boolean')
        suggestion = `transform: { type: code-map, table: { Y: 'true', N: 'false' } }`;
      errors.push({
        row: row.id,
        path,
        message: `${row.source} copied into ${label}: ${c.why}; a copy cannot be right — use ${c.needs}`,
        suggestion,
      });
    } else if (c?.warning) {
      warnings.push({ row: row.id, path, message: c.warning });
    }
  }
  if (f && (t.type === 'constant' || t.type === 'code-map')) {
    const produced =
      t.type === 'constant'
        ? [t.value]
        : [
            ...Object.values(t.table),
            ...(t.default !== undefined ? [t.default] : []),
          ];
    const bad = [...new Set(produced)]
      .map(v => primitiveTextProblem(f, v))
      .filter(Boolean);
    if (bad.length)
      errors.push({
        row: row.id,
        path,
        message: `${path} is a FHIR ${f}: ${bad.join('; ')}`,
      });
  }
  if (t.type === 'date-format') {
    if (source?.hl7Type && !datePatternShape(t.from).compact)
      errors.push({
        row: row.id,
        path,
        message: `${row.source} is an HL7 ${source.hl7Type}, written without separators; the from pattern "${t.from}" has some`,
        suggestion: suggestDateFormat(source, dest),
      });
    let problem: string | undefined;
    if (f && (FHIR_DATE_TYPES.has(f) || f === 'time'))
      problem = fhirPatternProblem(t.to, f);
    else if (f && !FHIR_TEXT_LIKE(f))
      problem = `a date-format writes a date, not a FHIR ${f}`;
    else if (h && ['DT', 'DTM', 'TS'].includes(h))
      problem = hl7PatternProblem(t.to, h);
    if (problem)
      errors.push({
        row: row.id,
        path,
        message: `date-format into ${label}: ${problem}`,
        suggestion: suggestDateFormat(source, dest),
      });
    else if (f === 'instant')
      warnings.push({
        row: row.id,
        path,
        message: `a FHIR instant needs seconds and a zone: a value with less precision or no offset fails the row at run time`,
      });
  }
  if (t.type === 'concatenate' && f && !FHIR_TEXT_LIKE(f)) {
    errors.push({
      row: row.id,
      path,
      message: `a concatenation writes text, not a FHIR ${f}`,
    });
  }
}
