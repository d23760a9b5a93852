/**
 * What surrounds HL7 v2 messages on the wire and in files: MLLP framing (start block VT 0x0B,
 * end block FS 0x1C then CR) and batch files (FHS/BHS headers, BTS/FTS trailers, several MSH
 * messages in one file; HL7 v2 §2.10.3).
 */

/** The text is not a message this reader can take apart (a 400 for the caller, never a 500). */
export class Hl7ParseError extends Error {}

const VT = '\x0b';
const FS = '\x1c';

/** Removes a complete MLLP frame; a frame missing its start or end block is refused. */
export function unframe(text: string): string {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.startsWith(VT);
  const fsAt = body.indexOf(FS);
  if (start && fsAt === -1) {
    throw new Hl7ParseError(
      'Incomplete MLLP frame: the start block (VT, 0x0B) has no end block (FS 0x1C followed by CR); the message may be truncated',
    );
  }
  if (!start && fsAt !== -1) {
    throw new Hl7ParseError(
      'Incomplete MLLP frame: an end block (FS, 0x1C) without the start block (VT, 0x0B)',
    );
  }
  if (!start) return body;
  const rest = body.slice(fsAt + 1).replace(/^\r?\n?/, '');
  if (rest.trim() !== '') {
    throw new Hl7ParseError(
      'MLLP frame: text follows the end block; send one framed message at a time',
    );
  }
  return body.slice(1, fsAt);
}

export const BATCH_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * The segment lines of each message in a text that may be a batch file: FHS/BHS/BTS/FTS
 * lines are dropped and each MSH starts a message. A text without batch segments is one message.
 */
export function splitMessages(lines: string[]): string[][] {
  const messages: string[][] = [];
  let inBatch = false;
  for (const [i, line] of lines.entries()) {
    const name = line.slice(0, 3);
    if (BATCH_SEGMENTS.has(name)) {
      inBatch = true;
      continue;
    }
    if (name === 'MSH') messages.push([line]);
    else if (messages.length) messages[messages.length - 1].push(line);
    else {
      throw new Hl7ParseError(
        inBatch
          ? `Line ${i + 1}: segment ${name} comes before the batch's first MSH`
          : 'An HL7 v2 message starts with an MSH segment (or a batch with FHS/BHS)',
      );
    }
  }
  if (!messages.length) {
    throw new Hl7ParseError(
      inBatch
        ? 'The batch holds no message (no MSH segment)'
        : 'An HL7 v2 message starts with an MSH segment',
    );
  }
  return messages;
}
