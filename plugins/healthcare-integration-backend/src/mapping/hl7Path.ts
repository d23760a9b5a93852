import type { HL7Dictionary } from 'hl7v2-dictionary';
import { componentsOf, type HL7FieldDefinition } from './hl7Definitions';
import { nearest } from './suggest';

/**
 * An HL7 v2 element path: `PID-3`, `PID-3.1`, `PID-3.4.1`, with an optional 1-based field
 * repetition (`PID-3[2].1`) and segment occurrence (`OBX[2]-5`).
 */
export interface Hl7Path {
  segment: string;
  segmentIndex?: number;
  field: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

const PATH =
  /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;

export function parseHl7Path(text: string): Hl7Path | undefined {
  const m = PATH.exec(text.trim());
  if (!m) return undefined;
  const num = (s?: string) => (s === undefined ? undefined : Number(s));
  const path = {
    segment: m[1],
    segmentIndex: num(m[2]),
    field: Number(m[3]),
    repetition: num(m[4]),
    component: num(m[5]),
    subcomponent: num(m[6]),
  };
  const positions = [
    path.segmentIndex,
    path.field,
    path.repetition,
    path.component,
    path.subcomponent,
  ];
  return positions.some(n => n !== undefined && n < 1) ? undefined : path;
}

export function formatHl7Path(p: Hl7Path): string {
  return (
    `${p.segment}${p.segmentIndex ? `[${p.segmentIndex}]` : ''}-${p.field}` +
    `${p.repetition ? `[${p.repetition}]` : ''}` +
    `${p.component ? `.${p.component}` : ''}${
      p.subcomponent ? `.${p.subcomponent}` : ''
    }`
  );
}

export interface Hl7PathCheck {
  errors: { message: string; suggestion?: string }[];
  warnings: { message: string }[];
  /** What the path resolves to, when it resolves. */
  element?: {
    type: string;
    desc?: string;
    table?: number;
    /** The field repeats and the path names no repetition: it may yield several values. */
    repeats: boolean;
    /** The element is a composite (has components) and the path stops above them. */
    composite: boolean;
  };
}

/** Checks a path against the segment, field and data-type definitions of one HL7 version. */
export function checkHl7Path(
  dict: HL7Dictionary,
  text: string,
  allowedSegments?: Set<string>,
): Hl7PathCheck {
  const out: Hl7PathCheck = { errors: [], warnings: [] };
  const p = parseHl7Path(text);
  if (!p) {
    out.errors.push({
      message: `${text} is not an HL7 v2 path; expected SEG-F, SEG-F.C, SEG-F.C.S or SEG-F[rep].C (1-based)`,
    });
    return out;
  }
  const segment = dict.segments[p.segment];
  if (!segment) {
    const guess = nearest(p.segment, Object.keys(dict.segments));
    out.errors.push({
      message: `segment ${p.segment} is not defined in HL7 v${dict.version}`,
      suggestion: guess ? formatHl7Path({ ...p, segment: guess }) : undefined,
    });
    return out;
  }
  if (allowedSegments && !allowedSegments.has(p.segment)) {
    out.warnings.push({
      message: `segment ${p.segment} is not part of this message structure in v${dict.version}`,
    });
  }
  const fieldCount = Object.keys(segment.fields).length;
  const field = segment.fields[String(p.field)];
  if (!field) {
    out.errors.push({
      message: `${p.segment}-${p.field} does not exist: ${p.segment} (${
        segment.desc ?? ''
      }) has ${fieldCount} fields in v${dict.version}`,
    });
    return out;
  }
  const fieldRepeats = field.rep === 'infinite' || Number(field.rep ?? 1) > 1;
  if (p.repetition && p.repetition > 1 && !fieldRepeats) {
    out.errors.push({
      message: `${p.segment}-${p.field} (${field.desc}) does not repeat; repetition ${p.repetition} cannot occur`,
    });
  } else if (
    typeof field.rep === 'number' &&
    p.repetition &&
    p.repetition > field.rep
  ) {
    out.errors.push({
      message: `${p.segment}-${p.field} repeats at most ${field.rep} times`,
    });
  }
  let def: HL7FieldDefinition = field;
  let label = `${p.segment}-${p.field} (${field.desc}, ${field.type})`;
  for (const [level, index] of [
    ['component', p.component],
    ['subcomponent', p.subcomponent],
  ] as const) {
    if (index === undefined) break;
    const parts = componentsOf(dict, def.type);
    const count = Object.keys(parts).length;
    if (!count) {
      // A primitive's first component is the value itself (PID-8.1 = PID-8).
      if (index === 1) {
        out.warnings.push({
          message: `${label} has no ${level}s; .1 is the whole value`,
        });
        continue;
      }
      out.errors.push({
        message: `${label} is a primitive type and has no ${level} ${index}`,
      });
      return out;
    }
    const part = parts[String(index)];
    if (!part) {
      out.errors.push({
        message: `${label} has no ${level} ${index}; ${
          def.type
        } has ${count} ${level}s (${Object.entries(parts)
          .map(([i, c]) => `${i} ${c.desc}`)
          .join(', ')})`,
      });
      return out;
    }
    def = part;
    label = `${label}.${index} (${part.desc}, ${part.type})`;
  }
  out.element = {
    type: def.type,
    desc: def.desc,
    table: def.table,
    repeats: fieldRepeats && !p.repetition,
    composite: Object.keys(componentsOf(dict, def.type)).length > 0,
  };
  return out;
}
