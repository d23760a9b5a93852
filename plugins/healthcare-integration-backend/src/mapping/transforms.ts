import * as fhirpath from 'fhirpath';
import type { MappingTransform } from '@hcig/backstage-plugin-healthcare-integration-common';
import { r4Model } from './fhirModel';

/** A transform could not produce a value (an unmapped code, a malformed date…). */
export class TransformError extends Error {}

const DIGIT_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
type DigitToken = (typeof DIGIT_TOKENS)[number];
/** Pattern tokens; `ZZ` is an offset written +HHMM (HL7), `Z` one written +HH:MM (FHIR). */
const PATTERN_RE = /YYYY|MM|DD|HH|mm|ss|ZZ|Z|./g;
const isDigitToken = (t: string): t is DigitToken =>
  (DIGIT_TOKENS as readonly string[]).includes(t);
const tokenize = (pattern: string) =>
  [...pattern.matchAll(PATTERN_RE)].map(m => m[0]);

/** Checks a date pattern: only YYYY MM DD HH mm ss, ZZ / Z offsets and separators. */
export function checkDatePattern(pattern: string): string | undefined {
  const stray = tokenize(pattern).filter(
    t => t.length === 1 && /[A-Za-z]/.test(t) && t !== 'T' && t !== 'Z',
  );
  if (stray.length) {
    return `date pattern "${pattern}" may only use YYYY, MM, DD, HH, mm, ss, ZZ (+HHMM), Z (+HH:MM), T and separators`;
  }
  if (!pattern.includes('YYYY'))
    return `date pattern "${pattern}" must contain YYYY`;
  return undefined;
}

/**
 * Reformats a date by patterns. A value may stop after any complete part (an HL7 TS of
 * `19800412` read with `YYYYMMDDHHmmssZZ`); the output then stops before the first part the
 * value did not have. Fractions of seconds are dropped.
 */
export function formatDate(value: string, from: string, to: string): string {
  const parts: Partial<Record<DigitToken, string>> & {
    offset?: [string, string, string];
  } = {};
  const bad = () =>
    new TransformError(`"${value}" does not match the date pattern ${from}`);
  let i = 0;
  for (const t of tokenize(from)) {
    if (i >= value.length) break;
    if (isDigitToken(t)) {
      const chunk = value.slice(i, i + t.length);
      if (!/^\d+$/.test(chunk) || chunk.length !== t.length) throw bad();
      parts[t] = chunk;
      i += t.length;
      const fraction = /^\.\d+/.exec(value.slice(i));
      if (t === 'ss' && fraction) i += fraction[0].length;
    } else if (t === 'ZZ' || t === 'Z') {
      const m = /^(?:([+-])(\d{2}):?(\d{2})|Z)/.exec(value.slice(i));
      if (!m) throw bad();
      parts.offset = m[1] ? [m[1], m[2], m[3]] : ['+', '00', '00'];
      i += m[0].length;
    } else {
      if (value[i] !== t) throw bad();
      i++;
    }
  }
  if (i < value.length)
    throw new TransformError(
      `"${value}" is longer than the date pattern ${from}`,
    );
  if (!parts.YYYY)
    throw new TransformError(`"${value}" has no year for pattern ${from}`);
  const ranges: [DigitToken, number, number][] = [
    ['MM', 1, 12],
    ['DD', 1, 31],
    ['HH', 0, 23],
    ['mm', 0, 59],
    ['ss', 0, 60],
  ];
  for (const [t, lo, hi] of ranges) {
    const v = parts[t];
    if (v !== undefined && (Number(v) < lo || Number(v) > hi)) {
      throw new TransformError(`"${value}": ${t} ${v} is out of range`);
    }
  }
  let out = '';
  let pending = '';
  for (const t of tokenize(to)) {
    if (isDigitToken(t) || t === 'ZZ' || t === 'Z') {
      const v = isDigitToken(t)
        ? parts[t]
        : parts.offset &&
          (t === 'ZZ'
            ? parts.offset.join('')
            : `${parts.offset[0]}${parts.offset[1]}:${parts.offset[2]}`);
      if (v === undefined) break;
      out += pending + v;
      pending = '';
    } else {
      pending += t;
    }
  }
  return out;
}

export interface TransformInput {
  /** The row's source value (undefined for constants). */
  value?: string;
  /** Reads further source paths (concatenate parts). */
  read: (path: string) => string | undefined;
  /** The whole source, for fhirpath expressions (a FHIR resource; for HL7, `{ value }`). */
  context: unknown;
}

export function applyTransform(
  transform: MappingTransform,
  input: TransformInput,
): string | undefined {
  const { value } = input;
  switch (transform.type) {
    case 'copy':
      return value;
    case 'constant':
      return transform.value;
    case 'code-map': {
      if (value === undefined) return undefined;
      const mapped = transform.table[value] ?? transform.default;
      if (mapped === undefined) {
        throw new TransformError(
          `code "${value}" is not in the code map and the map has no default`,
        );
      }
      return mapped;
    }
    case 'date-format':
      return value === undefined
        ? undefined
        : formatDate(value, transform.from, transform.to);
    case 'concatenate': {
      const values = [value, ...transform.parts.map(p => input.read(p))].filter(
        (v): v is string => v !== undefined && v !== '',
      );
      return values.length ? values.join(transform.separator) : undefined;
    }
    case 'fhirpath': {
      let result: unknown[];
      try {
        result = fhirpath.evaluate(
          input.context,
          transform.expression,
          { value: value ?? null },
          r4Model as any,
        ) as unknown[];
      } catch (e) {
        throw new TransformError(
          `fhirpath ${transform.expression}: ${(e as Error).message}`,
        );
      }
      const first = result[0];
      if (first === undefined || first === null) return undefined;
      if (typeof first === 'object') {
        throw new TransformError(
          `fhirpath ${transform.expression} returned an element, not a value`,
        );
      }
      return String(first);
    }
    default:
      return value;
  }
}
