import type {
  MappingIssue,
  MappingRow,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HL7Dictionary } from 'hl7v2-dictionary';
import { checkFhirPath, FhirPathCheck } from './fhirModel';
import { messageSegments } from './hl7Definitions';
import { checkHl7Path, parseHl7Path } from './hl7Path';
import { nearest } from './suggest';

/**
 * A row's source paths (HL7 v2, FHIR R4 or a custom layout's columns) against the source's
 * definitions, and what they resolved to, for the checks that compare source and destination.
 */

/** What a source path resolved to, for the checks that compare source and destination. */
export interface SourceInfo {
  hl7Type?: string;
  /** The FHIR type of a FHIR source element (`dateTime`, `string`…). */
  fhirType?: string;
  table?: number;
  manyValued: boolean;
}

export function checkSource(
  spec: MappingSpec,
  row: MappingRow,
  path: string,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
): SourceInfo | undefined {
  const ep = spec.source;
  if (ep.standard === 'hl7v2') {
    if (!dict) return undefined;
    const check = checkHl7Path(dict, path, messageSegments(dict, ep.message));
    check.errors.forEach(e => errors.push({ row: row.id, path, ...e }));
    check.warnings.forEach(w => warnings.push({ row: row.id, path, ...w }));
    if (!check.element) return undefined;
    if (check.element.composite) {
      warnings.push({
        row: row.id,
        path,
        message: `${path} is a composite ${check.element.type}; the whole encoded field is copied — name a component (e.g. ${path}.1) unless that is intended`,
      });
    }
    // OBX-5's type is the one OBX-2 names (some dictionary versions list it as ST).
    const p = parseHl7Path(path);
    const varies = p?.segment === 'OBX' && p.field === 5 && !p.component;
    return {
      hl7Type: varies ? 'VARIES' : check.element.type,
      table: check.element.table,
      manyValued: check.element.repeats,
    };
  }
  if (ep.standard === 'fhir') {
    const check = checkFhirPath(path);
    pushFhir(check, row, path, errors, warnings);
    if (check.resourceType && check.resourceType !== ep.resource) {
      errors.push({
        row: row.id,
        path,
        message: `source paths must start with the source resource ${ep.resource}`,
      });
    }
    return check.element
      ? { manyValued: check.manyValued, fhirType: check.element.type }
      : undefined;
  }
  if (!ep.columns.includes(path)) {
    const guess = nearest(path, ep.columns);
    errors.push({
      row: row.id,
      path,
      message: `column ${path} is not in layout ${ep.layout}`,
      suggestion: guess,
    });
    return undefined;
  }
  return { manyValued: false };
}

/** A FHIR path check's issues as the row's issues. */
export function pushFhir(
  check: FhirPathCheck,
  row: MappingRow,
  path: string,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  check.errors.forEach(e => errors.push({ row: row.id, path, ...e }));
  check.warnings.forEach(w => warnings.push({ row: row.id, path, ...w }));
}
