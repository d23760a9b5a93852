import YAML from 'yaml';
import {
  MappingIssue,
  MappingSpec,
  MappingValidationResult,
  mappingSpecSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HL7Dictionary } from 'hl7v2-dictionary';
import { checkDestination } from './checkDestination';
import { checkRequiredDestinations } from './checkRequiredDestinations';
import { checkSource } from './checkSource';
import { checkTransform } from './checkTransform';
import { hl7Dictionary } from './hl7Definitions';

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

/**
 * Validates a mapping spec against real definitions: HL7 v2 paths against the declared
 * version's segments, fields and components (hl7v2-dictionary), FHIR paths against R4
 * (fhirpath.js model), code maps against known tables and required value sets, and the
 * destination resources' required elements. Every issue names the row id and the path.
 * Each check lives in the `check*.ts` file of its concern.
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
    checkTransform(spec, row, source, errors, warnings);
    checkDestination(spec, row, source, dicts.destination, errors, warnings);
  }
  checkRequiredDestinations(spec, dicts.destination, errors, warnings);
  return { valid: errors.length === 0, errors, warnings, spec };
}
