import * as fhirpath from 'fhirpath';
import YAML from 'yaml';
import {
  MappingIssue,
  MappingRow,
  MappingSpec,
  MappingValidationResult,
  mappingSpecSchema,
} from '@internal/plugin-healthcare-integration-common';
import { hl7Dictionary, messageSegments, tableValues } from './hl7Definitions';
import { HL7_TABLE_VALUES } from './hl7Tables';
import { checkHl7Path, parseHl7Path } from './hl7Path';
import {
  checkFhirPath,
  FhirPathCheck,
  isPrimitive,
  requiredCodes,
  requiredElements,
} from './fhirModel';
import { nearest } from './suggest';
import { checkDatePattern } from './transforms';
import type { HL7Dictionary } from 'hl7v2-dictionary';

export interface MappingValidation extends MappingValidationResult {
  /** The parsed spec with defaults applied, when it passed the schema. */
  spec?: MappingSpec;
}

/** Parses a spec given as an object or as YAML/JSON text. */
export function parseSpecInput(input: unknown): {
  value?: unknown;
  error?: MappingIssue;
} {
  if (typeof input !== 'string') return { value: input };
  try {
    return { value: YAML.parse(input) };
  } catch (e) {
    return {
      error: {
        row: 'spec',
        path: '(yaml)',
        message: `not valid YAML: ${(e as Error).message}`,
      },
    };
  }
}

/** What a source path resolved to, for the checks that compare source and destination. */
interface SourceInfo {
  hl7Type?: string;
  table?: number;
  manyValued: boolean;
}

const HL7_DATE_TYPES = new Set(['DT', 'DTM', 'TS']);
const FHIR_DATE_TYPES = new Set(['date', 'dateTime', 'instant']);

/**
 * Validates a mapping spec against real definitions: HL7 v2 paths against the declared
 * version's segments, fields and components (hl7v2-dictionary), FHIR paths against R4
 * (fhirpath.js model), code maps against known tables and required value sets, and the
 * destination resources' required elements. Every issue names the row id and the path.
 */
export function validateMapping(input: unknown): MappingValidation {
  const parsed = parseSpecInput(input);
  if (parsed.error)
    return { valid: false, errors: [parsed.error], warnings: [] };
  const result = mappingSpecSchema.safeParse(parsed.value);
  if (!result.success) {
    const raw = parsed.value as { rows?: { id?: unknown }[] } | undefined;
    const errors = result.error.issues.map(issue => {
      const [head, index, ...rest] = issue.path;
      if (head === 'rows' && typeof index === 'number') {
        const id = raw?.rows?.[index]?.id;
        return {
          row: typeof id === 'string' ? id : `rows[${index}]`,
          path: rest.join('.') || '(row)',
          message: issue.message,
        };
      }
      return {
        row: 'spec',
        path: issue.path.join('.') || '(spec)',
        message: issue.message,
      };
    });
    return { valid: false, errors, warnings: [] };
  }
  const spec = result.data;
  const errors: MappingIssue[] = [];
  const warnings: MappingIssue[] = [];

  const dicts: Partial<Record<'source' | 'destination', HL7Dictionary>> = {};
  for (const side of ['source', 'destination'] as const) {
    const ep = spec[side];
    if (ep.standard === 'hl7v2') {
      const dict = hl7Dictionary(ep.version);
      if (!dict)
        errors.push({
          row: 'spec',
          path: `${side}.version`,
          message: `HL7 v2 version ${ep.version} is not known`,
        });
      else dicts[side] = dict;
    }
  }

  for (const row of spec.rows) {
    const source = row.source
      ? checkSource(spec, row, row.source, dicts.source, errors, warnings)
      : undefined;
    if (row.transform.type === 'concatenate') {
      row.transform.parts.forEach(p =>
        checkSource(spec, row, p, dicts.source, errors, warnings),
      );
    }
    checkTransform(row, source, errors, warnings);
    checkDestination(spec, row, source, dicts.destination, errors, warnings);
  }
  checkRequiredDestinations(spec, dicts.destination, errors, warnings);
  return { valid: errors.length === 0, errors, warnings, spec };
}

function checkSource(
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
    return {
      hl7Type: check.element.type,
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
    return check.element ? { manyValued: check.manyValued } : undefined;
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

function pushFhir(
  check: FhirPathCheck,
  row: MappingRow,
  path: string,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  check.errors.forEach(e => errors.push({ row: row.id, path, ...e }));
  check.warnings.forEach(w => warnings.push({ row: row.id, path, ...w }));
}

function checkTransform(
  row: MappingRow,
  source: SourceInfo | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const t = row.transform;
  const path = row.source ?? row.destination;
  if (t.type === 'date-format') {
    for (const p of [t.from, t.to]) {
      const problem = checkDatePattern(p);
      if (problem) errors.push({ row: row.id, path, message: problem });
    }
  }
  if (t.type === 'fhirpath') {
    try {
      fhirpath.parse(t.expression);
    } catch (e) {
      errors.push({
        row: row.id,
        path,
        message: `fhirpath expression does not parse: ${
          (e as Error).message.split('\n')[0]
        }`,
      });
    }
  }
  if (t.type === 'code-map') {
    const known = tableValues(source?.table);
    const unmapped = known?.filter(c => !(c in t.table)) ?? [];
    const tableName =
      source?.table !== undefined
        ? `HL7 table ${String(source.table).padStart(4, '0')}`
        : 'the source';
    if (t.default === undefined) {
      if (unmapped.length) {
        errors.push({
          row: row.id,
          path,
          message: `code map has no default and leaves codes of ${tableName} (${
            HL7_TABLE_VALUES[source!.table!].name
          }) unmapped: ${unmapped.join(', ')}`,
          suggestion: `map ${unmapped.join(', ')} or add a default`,
        });
      } else if (!known) {
        warnings.push({
          row: row.id,
          path,
          message: `code map has no default: a code of ${tableName} not listed (${Object.keys(
            t.table,
          ).join(', ')} are) fails the row`,
        });
      }
    } else if (unmapped.length) {
      warnings.push({
        row: row.id,
        path,
        message: `codes of ${tableName} not mapped (they get the default "${
          t.default
        }"): ${unmapped.join(', ')}`,
      });
    }
  }
}

function checkDestination(
  spec: MappingSpec,
  row: MappingRow,
  source: SourceInfo | undefined,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const ep = spec.destination;
  const path = row.destination;
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
    if (source?.manyValued && check.element?.repeats === false) {
      warnings.push({
        row: row.id,
        path,
        message: `${row.source} may repeat but ${path} holds one value; only the first is mapped`,
      });
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
  if (source?.manyValued && !check.manyValued) {
    warnings.push({
      row: row.id,
      path,
      message: `${row.source} may hold several values but ${path} holds one (max 1); only the first is mapped`,
    });
  }
  if (
    source?.hl7Type &&
    HL7_DATE_TYPES.has(source.hl7Type) &&
    FHIR_DATE_TYPES.has(el.type) &&
    row.transform.type === 'copy'
  ) {
    errors.push({
      row: row.id,
      path,
      message: `${row.source} is an HL7 ${source.hl7Type} (e.g. 20261125093000) and ${path} a FHIR ${el.type}; a copy produces an invalid value`,
      suggestion: `transform: { type: date-format, from: YYYYMMDDHHmmss, to: ${
        el.type === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:mm:ss'
      } }`,
    });
  }
  const allowed = requiredCodes(
    check.steps
      .map(s => s.name)
      .reduce((p, n) => `${p}.${n}`, check.resourceType!),
  );
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

/** Required destination elements (R4 min ≥ 1, or HL7 fields marked R) that no row fills. */
function checkRequiredDestinations(
  spec: MappingSpec,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const ep = spec.destination;
  if (ep.standard === 'fhir') {
    const firstSteps = new Map<string, Set<string>>();
    for (const r of spec.rows) {
      const [root, first] = r.destination.split('.');
      const name = (first ?? '').replace(/\[\d+\]$/, '');
      if (!firstSteps.has(root)) firstSteps.set(root, new Set());
      firstSteps.get(root)!.add(name);
    }
    if (!firstSteps.has(ep.resource)) firstSteps.set(ep.resource, new Set());
    for (const [resource, mapped] of firstSteps) {
      const required = requiredElements(resource);
      if (!required) {
        warnings.push({
          row: 'spec',
          path: resource,
          message: `required elements of ${resource} are not checked (not in the curated R4 list)`,
        });
        continue;
      }
      for (const name of required) {
        const bare = name.replace('[x]', '');
        const hit = [...mapped].some(m =>
          name.endsWith('[x]') ? m.startsWith(bare) : m === name,
        );
        if (!hit) {
          errors.push({
            row: 'spec',
            path: `${resource}.${name}`,
            message: `required element ${resource}.${name} (min 1 in R4) is not mapped by any row`,
            suggestion: `add a row with destination ${resource}.${name} (a constant if the source has no equivalent)`,
          });
        }
      }
    }
  }
  if (ep.standard === 'hl7v2' && dict) {
    const mapped = new Set(
      spec.rows
        .map(r => parseHl7Path(r.destination))
        .filter(Boolean)
        .map(p => `${p!.segment}-${p!.field}`),
    );
    const segments = new Set(
      spec.rows
        .map(r => parseHl7Path(r.destination)?.segment)
        .filter(Boolean) as string[],
    );
    for (const seg of segments) {
      if (seg === 'MSH') continue; // the header is written by the run
      for (const [n, f] of Object.entries(dict.segments[seg]?.fields ?? {})) {
        if (f.opt === 'R' && !mapped.has(`${seg}-${n}`)) {
          warnings.push({
            row: 'spec',
            path: `${seg}-${n}`,
            message: `${seg}-${n} (${f.desc}) is required in HL7 v${dict.version} and no row fills it`,
          });
        }
      }
    }
  }
}
