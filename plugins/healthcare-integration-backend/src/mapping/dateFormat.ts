/**
 * The `date-format` transform: reads a date by one pattern and writes it by another, keeping its
 * precision and zone honestly. HL7 TS/DTM (`YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`)
 * may stop after any part and carry an offset after any of them; FHIR dates stop after the year,
 * month or day, and a FHIR time always has seconds and a zone.
 */

/** A transform could not produce a value (an unmapped code, a malformed date…). */
export class TransformError extends Error {}

const DIGIT_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
type DigitToken = (typeof DIGIT_TOKENS)[number];
/** Pattern tokens; `ZZ` is an offset written +HHMM (HL7), `Z` one written +HH:MM or Z (FHIR). */
const PATTERN_RE = /YYYY|MM|DD|HH|mm|ss|ZZ|Z|./g;
const isDigitToken = (t: string): t is DigitToken =>
  (DIGIT_TOKENS as readonly string[]).includes(t);
const isZone = (t: string) => t === 'ZZ' || t === 'Z';
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
  if (!pattern.includes('YYYY') && !pattern.includes('HH'))
    return `date pattern "${pattern}" must contain YYYY (or HH for a time)`;
  return undefined;
}

/** What a pattern writes, for the checks that compare it with the destination's type. */
export interface DatePatternShape {
  /** The pattern's tokens, e.g. ['YYYY', '-', 'MM']. */
  tokens: string[];
  hasTime: boolean;
  hasSeconds: boolean;
  zone?: 'ZZ' | 'Z';
  /** Only digit and zone tokens: the HL7 way of writing dates. */
  compact: boolean;
}

export function datePatternShape(pattern: string): DatePatternShape {
  const tokens = tokenize(pattern);
  const zone = tokens.find(isZone) as 'ZZ' | 'Z' | undefined;
  return {
    tokens,
    hasTime: tokens.includes('HH'),
    hasSeconds: tokens.includes('ss'),
    zone,
    compact: tokens.every(t => isDigitToken(t) || isZone(t)),
  };
}

interface DateParts extends Partial<Record<DigitToken, string>> {
  fraction?: string;
  offset?: [string, string, string];
}

const OFFSET_HL7 = /^([+-])(\d{2})(\d{2})/;
const OFFSET_FHIR = /^(?:([+-])(\d{2}):(\d{2})|Z)/;

function readOffset(text: string, compact: boolean, bad: () => Error) {
  const m = (compact ? OFFSET_HL7 : OFFSET_FHIR).exec(text);
  if (!m) throw bad();
  const offset: [string, string, string] = m[1]
    ? [m[1], m[2], m[3]]
    : ['+', '00', '00'];
  const minutes = Number(offset[1]) * 60 + Number(offset[2]);
  if (Number(offset[2]) > 59 || minutes > 14 * 60)
    throw new TransformError(
      `UTC offset ${m[0]} is out of range (-12:00 to +14:00)`,
    );
  return { offset, length: m[0].length };
}

function daysIn(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDate(value: string, from: string): DateParts {
  const shape = datePatternShape(from);
  const parts: DateParts = {};
  const bad = () =>
    new TransformError(`"${value}" does not match the date pattern ${from}`);
  let i = 0;
  const offsetStarts = (at: number) =>
    /[+-]/.test(value[at] ?? '') || (!shape.compact && value[at] === 'Z');
  for (const t of shape.tokens) {
    if (i >= value.length) break;
    if (isZone(t) || (isDigitToken(t) && offsetStarts(i) && i > 0)) {
      // An HL7 TS may carry its offset after any part (19800412-0500).
      const o = readOffset(value.slice(i), shape.compact, bad);
      parts.offset = o.offset;
      i += o.length;
      break;
    }
    if (isDigitToken(t)) {
      const chunk = value.slice(i, i + t.length);
      if (!/^\d+$/.test(chunk) || chunk.length !== t.length) throw bad();
      parts[t] = chunk;
      i += t.length;
      const fraction = /^\.\d+/.exec(value.slice(i));
      if (t === 'ss' && fraction) {
        parts.fraction = fraction[0];
        i += fraction[0].length;
      }
    } else {
      if (value[i] !== t) throw bad();
      i++;
    }
  }
  if (i < value.length && !parts.offset && offsetStarts(i)) {
    // The pattern names no zone, but an HL7 TS/DTM may always end in one.
    const o = readOffset(value.slice(i), shape.compact, bad);
    parts.offset = o.offset;
    i += o.length;
  }
  if (i < value.length)
    throw new TransformError(
      `"${value}" is longer than the date pattern ${from}`,
    );
  if (!parts.YYYY && !parts.HH)
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
  if (parts.YYYY && parts.MM && parts.DD) {
    if (Number(parts.DD) > daysIn(Number(parts.YYYY), Number(parts.MM)))
      throw new TransformError(
        `"${value}": ${parts.YYYY}-${parts.MM}-${parts.DD} is not a calendar date`,
      );
  }
  return parts;
}

/**
 * Reformats a date by patterns. A value may stop after any part (an HL7 TS of `19800412` read
 * with `YYYYMMDDHHmmssZZ`); the output then stops before the first date part the value did not
 * have. A time without seconds gets `:00` (FHIR times always carry seconds; the moment is the
 * same), fractions of seconds are kept, and a time is never written with a zone it did not
 * carry: that is a transform error rather than a guess.
 */
export function formatDate(value: string, from: string, to: string): string {
  const parts = parseDate(value, from);
  let out = '';
  let pending = '';
  let wroteTime = false;
  for (const t of tokenize(to)) {
    if (isDigitToken(t)) {
      let v = parts[t];
      if (v === undefined && (t === 'mm' || t === 'ss') && parts.HH) v = '00';
      if (v === undefined) break;
      out += pending + v;
      pending = '';
      if (t === 'HH') wroteTime = true;
      if (t === 'ss' && parts.fraction) out += parts.fraction;
    } else if (isZone(t)) {
      if (!parts.offset) {
        if (wroteTime)
          throw new TransformError(
            `"${value}" has a time but no UTC offset; ${to} writes one and none can be assumed`,
          );
        break;
      }
      const [sign, h, m] = parts.offset;
      out += pending + (t === 'ZZ' ? `${sign}${h}${m}` : `${sign}${h}:${m}`);
      pending = '';
    } else {
      pending += t;
    }
  }
  return out;
}
