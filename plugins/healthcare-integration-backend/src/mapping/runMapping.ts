import * as fhirpath from 'fhirpath';
import type {
  MappingIssue,
  MappingRunRowResult,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { Hl7Message, Hl7ParseError } from './hl7Message';
import {
  checkFhirPath,
  isPrimitive,
  r4Model,
  validateFhirResource,
} from './fhirModel';
import {
  FHIR_NUMBER_TYPES,
  fhirPrimitiveName,
  primitiveTextProblem,
} from './fhirPrimitives';
import { applyTransform, TransformError } from './transforms';

/** The input did not parse or does not fit the spec's source (a 400, not a failed run). */
export class SampleError extends Error {}

/** A value that cannot be written to its destination (reported as the row's transform error). */
class WriteError extends Error {}

export interface MappingRunOutput {
  rows: MappingRunRowResult[];
  output: unknown;
  outputIssues: { errors: MappingIssue[]; warnings: MappingIssue[] };
}

type Reader = (path: string) => string[];

/**
 * Runs a validated spec on one sample message: reads each row's source, applies its transform
 * and writes the destination payload (FHIR resource(s) as JSON, or HL7 v2 text), recording per
 * row the mapped value, a missing value, or a transform error. Produced FHIR is validated
 * element by element against R4.
 */
export function runMapping(
  spec: MappingSpec,
  message: string,
  format: 'hl7v2' | 'fhir-json',
  now: Date,
): MappingRunOutput {
  const { read, isNull, context } = readerFor(spec, message, format);
  const writer = writerFor(spec, now);
  const rows: MappingRunRowResult[] = spec.rows.map(row => {
    const base = {
      row: row.id,
      source: row.source,
      destination: row.destination,
    };
    try {
      const value = row.source ? read(row.source)[0] : undefined;
      if (
        row.source &&
        value === undefined &&
        row.transform.type !== 'concatenate'
      ) {
        const sentNull = isNull(row.source);
        return {
          ...base,
          outcome: row.required ? 'missing-required' : 'missing-optional',
          message: sentNull
            ? `${row.source} is the HL7 null "" (sent as explicitly empty: the receiver clears the value)`
            : `${row.source} is empty`,
          ...(sentNull ? { nullValue: true } : {}),
        };
      }
      const out = applyTransform(row.transform, {
        value,
        read: p => read(p)[0],
        context,
      });
      if (out === undefined || out === '') {
        return {
          ...base,
          outcome: row.required ? 'missing-required' : 'missing-optional',
          message: `${row.source ?? row.transform.type} produced no value`,
        };
      }
      writer.write(row.destination, out);
      return { ...base, outcome: 'mapped', value: out };
    } catch (e) {
      if (e instanceof TransformError || e instanceof WriteError) {
        return { ...base, outcome: 'transform-error', message: e.message };
      }
      throw e;
    }
  });
  const output = writer.result();
  const outputIssues = {
    errors: [] as MappingIssue[],
    warnings: [] as MappingIssue[],
  };
  if (spec.destination.standard === 'fhir') {
    const checked = validateFhirResource(output);
    outputIssues.errors = checked.errors.map(i => ({ row: 'output', ...i }));
    outputIssues.warnings = checked.warnings.map(i => ({
      row: 'output',
      ...i,
    }));
  }
  return { rows, output, outputIssues };
}

function readerFor(
  spec: MappingSpec,
  message: string,
  format: 'hl7v2' | 'fhir-json',
): { read: Reader; isNull: (path: string) => boolean; context: unknown } {
  const src = spec.source;
  if (src.standard === 'hl7v2') {
    if (format !== 'hl7v2')
      throw new SampleError(
        `Invalid format: the mapping's source is HL7 v2; got ${format}`,
      );
    let msg: Hl7Message;
    try {
      msg = Hl7Message.parse(message);
    } catch (e) {
      if (e instanceof Hl7ParseError)
        throw new SampleError(`Invalid message: ${e.message}`);
      throw e;
    }
    const declared =
      msg.get('MSH-9.1') && `${msg.get('MSH-9.1')}^${msg.get('MSH-9.2')}`;
    if (declared && declared !== src.message.split('^').slice(0, 2).join('^')) {
      throw new SampleError(
        `Invalid message: MSH-9 is ${declared}; the mapping reads ${src.message}`,
      );
    }
    return {
      read: path => msg.getAll(path),
      isNull: path => msg.isNull(path),
      context: {},
    };
  }
  if (src.standard === 'fhir') {
    if (format !== 'fhir-json')
      throw new SampleError(
        `Invalid format: the mapping's source is FHIR; got ${format}`,
      );
    let resource: any;
    try {
      resource = JSON.parse(message);
    } catch (e) {
      throw new SampleError(
        `Invalid message: not JSON (${(e as Error).message})`,
      );
    }
    if (resource?.resourceType !== src.resource) {
      throw new SampleError(
        `Invalid message: resourceType is ${resource?.resourceType}; the mapping reads ${src.resource}`,
      );
    }
    return {
      read: path => {
        const values = fhirpath.evaluate(
          resource,
          path.replace(/\[x\]/g, ''),
          undefined,
          r4Model as any,
        ) as unknown[];
        return values
          .filter(v => v !== null && typeof v !== 'object')
          .map(String);
      },
      isNull: () => false,
      context: resource,
    };
  }
  throw new SampleError(
    'Runs on custom layouts are not supported; provide HL7 v2 or FHIR samples',
  );
}

interface Writer {
  write(path: string, value: string): void;
  result(): unknown;
}

function writerFor(spec: MappingSpec, now: Date): Writer {
  const dest = spec.destination;
  if (dest.standard === 'hl7v2') {
    const msg = Hl7Message.create();
    const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
    const [code, event, structure] = dest.message.split('^');
    msg.set('MSH-7', stamp);
    msg.set('MSH-9.1', code);
    msg.set('MSH-9.2', event);
    if (structure) msg.set('MSH-9.3', structure);
    msg.set('MSH-10', `RUN${stamp}`);
    msg.set('MSH-11', 'T'); // processing id: a test run, never production
    msg.set('MSH-12', dest.version);
    return {
      write: (path, value) => msg.set(path, value),
      result: () => msg.toString(),
    };
  }
  if (dest.standard === 'fhir') {
    const resources = new Map<string, Record<string, unknown>>();
    resources.set(dest.resource, { resourceType: dest.resource });
    return {
      write: (path, value) => writeFhir(resources, path, value),
      result: () => {
        const used = [...resources.values()].filter(
          r => Object.keys(r).length > 1 || r.resourceType === dest.resource,
        );
        if (used.length === 1) return used[0];
        return {
          resourceType: 'Bundle',
          type: 'collection',
          entry: used.map(resource => ({ resource })),
        };
      },
    };
  }
  throw new SampleError('Runs into custom layouts are not supported');
}

/** Sets a value at an element path, creating objects and arrays (index 0 unless given) on the way. */
function writeFhir(
  resources: Map<string, Record<string, unknown>>,
  path: string,
  value: string,
) {
  const check = checkFhirPath(path);
  if (!check.element || !check.resourceType) {
    throw new WriteError(
      `${path}: ${check.errors[0]?.message ?? 'not an element path'}`,
    );
  }
  if (!resources.has(check.resourceType))
    resources.set(check.resourceType, { resourceType: check.resourceType });
  let node: any = resources.get(check.resourceType);
  check.steps.forEach((step, i) => {
    const last = i === check.steps.length - 1;
    const el = step.element;
    let typed: unknown = value;
    if (last) {
      if (!isPrimitive(el.type))
        throw new WriteError(`${path} is a ${el.type}, not a value`);
      const problem = primitiveTextProblem(el.type, value);
      if (problem) throw new WriteError(`${path}: ${problem}`);
      const type = fhirPrimitiveName(el.type);
      if (type === 'boolean') typed = value === 'true';
      else if (FHIR_NUMBER_TYPES.has(type)) typed = Number(value);
    }
    if (el.repeats) {
      const index = step.index ?? 0;
      if (!Array.isArray(node[step.name])) node[step.name] = [];
      const arr = node[step.name] as unknown[];
      while (arr.length <= index) arr.push(last ? undefined : {});
      if (last) arr[index] = typed;
      node = arr[index];
    } else {
      if (last) node[step.name] = typed;
      else node[step.name] ??= {};
      node = node[step.name];
    }
  });
}
