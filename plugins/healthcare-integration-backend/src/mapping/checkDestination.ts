import type {
  MappingIssue,
  MappingRow,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HL7Dictionary } from 'hl7v2-dictionary';
import { pushFhir, type SourceInfo } from './checkSource';
import { checkHl7Codes } from './checkHl7Codes';
import { checkValueTypes } from './checkValueTypes';
import { r4Element } from './definitions/r4Definitions';
import { checkFhirPath, isPrimitive } from './fhirModel';
import { messageSegments } from './hl7Definitions';
import { checkHl7Path } from './hl7Path';
import { nearest } from './suggest';

/** Transforms that reduce several source values to one by themselves. */
const REDUCING = new Set(['fhirpath', 'constant']);

function manyIntoOne(row: MappingRow, path: string): MappingIssue {
  return {
    row: row.id,
    path,
    message: `${row.source} may repeat but ${path} holds one value (max 1): name the repetition to map (e.g. [1]), map into a repeating element, or reduce with a fhirpath rule`,
  };
}

/**
 * A row's destination: the path exists, names one value (not a composite, a choice without a
 * type, or a complex element), fits the source (repetition, types by the HL7 × FHIR table) and,
 * when bound to a required value set, receives only its codes.
 */
export function checkDestination(
  spec: MappingSpec,
  row: MappingRow,
  source: SourceInfo | undefined,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const ep = spec.destination;
  const path = row.destination;
  const reduces = REDUCING.has(row.transform.type);
  if (ep.standard === 'custom') {
    if (!ep.columns.includes(path)) {
      errors.push({
        row: row.id,
        path,
        message: `column ${path} is not in layout ${ep.layout}`,
        suggestion: nearest(path, ep.columns),
      });
    }
    return;
  }
  if (ep.standard === 'hl7v2') {
    if (!dict) return;
    const check = checkHl7Path(dict, path, messageSegments(dict, ep.message));
    check.errors.forEach(e => errors.push({ row: row.id, path, ...e }));
    check.warnings.forEach(w => warnings.push({ row: row.id, path, ...w }));
    if (check.element?.composite) {
      errors.push({
        row: row.id,
        path,
        message: `${path} is a composite ${check.element.type}; write to one of its components (e.g. ${path}.1)`,
      });
    }
    if (source?.manyValued && check.element?.repeats === false && !reduces)
      errors.push(manyIntoOne(row, path));
    if (check.element && !check.element.composite) {
      checkValueTypes(
        row,
        source,
        { hl7Type: check.element.type },
        errors,
        warnings,
      );
      checkHl7Codes(row, check.element, ep.version, errors, warnings);
    }
    return;
  }
  const check = checkFhirPath(path);
  pushFhir(check, row, path, errors, warnings);
  const el = check.element;
  if (!el) return;
  if (el.type === 'choice') {
    errors.push({
      row: row.id,
      path,
      message: `${path} is a choice; a destination must name the type (${el
        .choice!.map(t => el.path.replace('[x]', '') + t)
        .join(', ')})`,
      suggestion: path.replace('[x]', el.choice![0]),
    });
    return;
  }
  if (!isPrimitive(el.type) && row.transform.type !== 'fhirpath') {
    errors.push({
      row: row.id,
      path,
      message: `${path} is a ${el.type}, not a single value; map to one of its elements`,
    });
    return;
  }
  if (source?.manyValued && !check.manyValued && !reduces)
    errors.push(manyIntoOne(row, path));
  checkValueTypes(row, source, { fhirType: el.type }, errors, warnings);
  const def = r4Element(el.key);
  const allowed = def?.codes;
  if (allowed) {
    const t = row.transform;
    let produced: string[] = [];
    if (t.type === 'code-map') {
      produced = [
        ...Object.values(t.table),
        ...(t.default !== undefined ? [t.default] : []),
      ];
    } else if (t.type === 'constant') {
      produced = [t.value];
    }
    const bad = [...new Set(produced.filter(c => !allowed.includes(c)))];
    if (bad.length) {
      errors.push({
        row: row.id,
        path,
        message: `${path} is bound to a required value set (${allowed.join(
          ', ',
        )}); ${bad.map(b => `"${b}"`).join(', ')} is not in it`,
        suggestion: nearest(bad[0], allowed),
      });
    } else if (t.type === 'copy') {
      warnings.push({
        row: row.id,
        path,
        message: `${path} only accepts ${allowed.join(
          ', ',
        )}; copying source codes unchanged is likely wrong — use a code-map`,
      });
    }
  }
}
