import { Hl7ParseError, splitMessages, unframe } from './hl7Framing';
import { Hl7Path, parseHl7Path } from './hl7Path';

export { Hl7ParseError } from './hl7Framing';

/**
 * A small, strict HL7 v2 (ER7, pipe-delimited) reader and writer. The delimiters come from
 * MSH-1 and MSH-2 of each message (not assumed), repetitions (`~`), components (`^`),
 * subcomponents (`&`) and escape sequences (`\F\ \S\ \T\ \R\ \E\ \Xhh\ \.br\`) are handled;
 * control characters are written back as hex escapes, so a CR inside a value survives.
 */
export interface Delimiters {
  /** How `\Xhh\` bytes are read: UTF-8 when MSH-18 says so, else single bytes (ASCII/8859-1). */
  hexCharset?: 'utf8' | 'latin1';
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** field → repetitions → components → subcomponents (unescaped text). */
type Field = string[][][];

export interface Segment {
  name: string;
  /** fields[n] is field n (1-based; fields[0] is unused). */
  fields: Field[];
}

export class Hl7Message {
  private constructor(
    readonly delimiters: Delimiters,
    readonly segments: Segment[],
  ) {}

  /** One message; a batch file is unwrapped when it holds exactly one. */
  static parse(text: string): Hl7Message {
    const all = Hl7Message.parseBatch(text);
    if (all.length > 1) {
      throw new Hl7ParseError(
        `The batch holds ${all.length} messages; send one message at a time`,
      );
    }
    return all[0];
  }

  /** Every message of a text: one message, MLLP-framed or not, or a FHS/BHS batch file. */
  static parseBatch(text: string): Hl7Message[] {
    const lines = unframe(text)
      .split(/\r\n|\r|\n/)
      .filter(l => l.trim() !== '');
    return splitMessages(lines).map(m => Hl7Message.parseLines(m));
  }

  private static parseLines(lines: string[]): Hl7Message {
    const msh = lines[0];
    if (msh.length < 4)
      throw new Hl7ParseError('MSH is too short to carry its delimiters');
    const field = msh[3];
    const enc = msh.slice(
      4,
      msh.indexOf(field, 4) === -1 ? undefined : msh.indexOf(field, 4),
    );
    if (enc.length < 4) {
      throw new Hl7ParseError(
        `MSH-2 must hold four encoding characters; got "${enc}"`,
      );
    }
    const d: Delimiters = {
      field,
      component: enc[0],
      repetition: enc[1],
      escape: enc[2],
      subcomponent: enc[3],
      hexCharset: /UTF-8/i.test(msh.split(field)[17] ?? '') ? 'utf8' : 'latin1',
    };
    const all = [field, ...enc.slice(0, 4)];
    if (new Set(all).size !== all.length) {
      throw new Hl7ParseError('MSH-1 and MSH-2 delimiters must all differ');
    }
    const segments = lines.map((line, i) => {
      const name = line.slice(0, 3);
      if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) {
        throw new Hl7ParseError(`Line ${i + 1}: "${name}" is not a segment id`);
      }
      if (line.length > 3 && line[3] !== field) {
        throw new Hl7ParseError(
          `Line ${
            i + 1
          }: segment ${name} must be followed by the field separator`,
        );
      }
      const raw = line.split(field).slice(1);
      const fields: Field[] = [[]];
      if (name === 'MSH') {
        // MSH-1 is the separator itself and MSH-2 the encoding characters: never split or unescaped.
        fields.push([[[field]]], [[[raw[0]]]]);
        raw.slice(1).forEach(f => fields.push(splitField(f, d)));
      } else {
        raw.forEach(f => fields.push(splitField(f, d)));
      }
      return { name, fields };
    });
    return new Hl7Message(d, segments);
  }

  /** An empty message to write into (FHIR → HL7 output). */
  static create(delimiters: Delimiters = DEFAULT_DELIMITERS): Hl7Message {
    const enc =
      delimiters.component +
      delimiters.repetition +
      delimiters.escape +
      delimiters.subcomponent;
    return new Hl7Message(delimiters, [
      { name: 'MSH', fields: [[], [[[delimiters.field]]], [[[enc]]]] },
    ]);
  }

  /**
   * Whether the element at a path is the HL7 null `""` (sent explicitly empty: the receiver
   * clears its value), as opposed to absent or empty (the receiver keeps what it has).
   */
  isNull(path: string | Hl7Path): boolean {
    return this.raw(path).includes('""');
  }

  /** The value at a path; `undefined` when absent, empty, or the HL7 null `""` (see isNull). */
  get(path: string | Hl7Path): string | undefined {
    return this.getAll(path)[0];
  }

  /**
   * Every value at a path: one per repetition when the path names no repetition, otherwise at
   * most one. A path that stops above components returns the field re-encoded (`123^^^MRN`).
   */
  getAll(path: string | Hl7Path): string[] {
    return this.raw(path).filter(v => v !== '' && v !== '""');
  }

  private raw(path: string | Hl7Path): string[] {
    const p = typeof path === 'string' ? parseHl7Path(path) : path;
    if (!p) throw new Hl7ParseError(`${String(path)} is not an HL7 v2 path`);
    const seg = this.segments.filter(s => s.name === p.segment)[
      (p.segmentIndex ?? 1) - 1
    ];
    const field = seg?.fields[p.field];
    if (!field) return [];
    if (p.segment === 'MSH' && p.field <= 2) return [field[0][0][0]];
    const reps = p.repetition
      ? [field[p.repetition - 1]].filter(Boolean)
      : field;
    const values = reps.map(rep => {
      if (p.component === undefined) {
        // A simple value is returned as text; a composite one re-encoded (123^^^MRN).
        return rep.length === 1 && rep[0].length === 1
          ? rep[0][0]
          : this.encodeRepetition(rep);
      }
      const comp = rep[p.component - 1];
      if (!comp) return '';
      if (p.subcomponent === undefined) {
        return comp.length > 1
          ? comp
              .map(x => escapeText(x, this.delimiters))
              .join(this.delimiters.subcomponent)
          : comp[0];
      }
      return comp[p.subcomponent - 1] ?? '';
    });
    return values;
  }

  /** Writes a value at a path, creating the segment (in order of first write) and padding as needed. */
  set(path: string | Hl7Path, value: string) {
    const p = typeof path === 'string' ? parseHl7Path(path) : path;
    if (!p) throw new Hl7ParseError(`${String(path)} is not an HL7 v2 path`);
    if (p.segment === 'MSH' && p.field <= 2)
      throw new Hl7ParseError('MSH-1 and MSH-2 are the delimiters');
    const occurrence = p.segmentIndex ?? 1;
    let matching = this.segments.filter(s => s.name === p.segment);
    while (matching.length < occurrence) {
      this.segments.push({ name: p.segment, fields: [[]] });
      matching = this.segments.filter(s => s.name === p.segment);
    }
    const seg = matching[occurrence - 1];
    while (seg.fields.length <= p.field) seg.fields.push([]);
    const field = seg.fields[p.field];
    const r = (p.repetition ?? 1) - 1;
    while (field.length <= r) field.push([]);
    const c = (p.component ?? 1) - 1;
    while (field[r].length <= c) field[r].push([]);
    const s = (p.subcomponent ?? 1) - 1;
    while (field[r][c].length <= s) field[r][c].push('');
    field[r][c][s] = value;
  }

  toString(): string {
    const d = this.delimiters;
    return this.segments
      .map(seg => {
        const fields = seg.fields
          .slice(1)
          .map((f, i) =>
            seg.name === 'MSH' && i < 2
              ? f[0]?.[0]?.[0] ?? ''
              : f.map(rep => this.encodeRepetition(rep)).join(d.repetition),
          );
        // MSH-1 is the separator between "MSH" and MSH-2, not a field of its own.
        const parts = seg.name === 'MSH' ? fields.slice(1) : fields;
        return trimEnd([seg.name, ...parts]).join(d.field);
      })
      .join('\r');
  }

  private encodeRepetition(rep: string[][]): string {
    const d = this.delimiters;
    return trimEnd(
      rep.map(comp =>
        trimEnd(comp.map(s => escapeText(s, d))).join(d.subcomponent),
      ),
    ).join(d.component);
  }
}

function trimEnd(parts: string[]): string[] {
  let end = parts.length;
  while (end > 1 && parts[end - 1] === '') end--;
  return parts.slice(0, end);
}

function splitField(text: string, d: Delimiters): Field {
  if (text === '') return [];
  return text
    .split(d.repetition)
    .map(rep =>
      rep
        .split(d.component)
        .map(comp => comp.split(d.subcomponent).map(s => unescapeText(s, d))),
    );
}

/** Resolves HL7 escape sequences in one leaf value. */
export function unescapeText(text: string, d: Delimiters): string {
  if (!text.includes(d.escape)) return text;
  const e = d.escape;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== e) {
      out += text[i++];
      continue;
    }
    const end = text.indexOf(e, i + 1);
    if (end === -1) {
      out += text.slice(i); // an unterminated escape is literal text
      break;
    }
    const code = text.slice(i + 1, end);
    out += decodeEscape(code, d);
    i = end + 1;
  }
  return out;
}

function decodeEscape(code: string, d: Delimiters): string {
  switch (code) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
    case 'H':
    case 'N':
      return ''; // highlighting on/off carries no data
    default:
      if (/^X([0-9A-Fa-f]{2})+$/.test(code)) {
        return Buffer.from(code.slice(1), 'hex').toString(
          d.hexCharset ?? 'latin1',
        );
      }
      return `${d.escape}${code}${d.escape}`; // unknown sequences are kept as written
  }
}

/** Escapes delimiter characters in a value written into a message. */
export function escapeText(text: string, d: Delimiters): string {
  let out = '';
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\n') out += `${d.escape}.br${d.escape}`;
    else if (ch < ' ' || ch === '\x7f') {
      // A CR would end the segment: control characters travel as hex (HL7 v2 §2.7.3).
      const hex = ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
      out += `${d.escape}X${hex}${d.escape}`;
    } else out += ch;
  }
  return out;
}
