import { z } from 'zod';

/**
 * Base64 without Buffer or atob (the module runs in the browser too), and file content whose
 * bytes are exactly those the uploader sent, so the stored SHA-256 covers what was sent.
 */

const B64_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64_ALPHABET.length; i++)
    t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();
// Linear on megabytes of input (a grouped pattern such as (?:x{4})* overflows the regex stack).
const B64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const isPaddedBase64 = (text: string) =>
  text.length % 4 === 0 && B64_CHARS.test(text);

/** The decoded size of a well-formed padded base64 text. */
export function base64DecodedLength(text: string): number {
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  return (text.length / 4) * 3 - pad;
}

/**
 * Decodes standard, padded base64 (RFC 4648 §4) without Buffer or atob; undefined when the text
 * is not exactly that (other characters, missing padding, length not a multiple of 4).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!isPaddedBase64(text)) return undefined;
  const out = new Uint8Array(base64DecodedLength(text));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = B64_VALUES[text.charCodeAt(i)];
    const b = B64_VALUES[text.charCodeAt(i + 1)];
    const c = text[i + 2] === '=' ? 0 : B64_VALUES[text.charCodeAt(i + 2)];
    const d = text[i + 3] === '=' ? 0 : B64_VALUES[text.charCodeAt(i + 3)];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** Encodes bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const rest = end - i;
      const n =
        (bytes[i] << 16) |
        ((rest > 1 ? bytes[i + 1] : 0) << 8) |
        (rest > 2 ? bytes[i + 2] : 0);
      s += B64_ALPHABET[(n >> 18) & 63] + B64_ALPHABET[(n >> 12) & 63];
      s += rest > 1 ? B64_ALPHABET[(n >> 6) & 63] : '=';
      s += rest > 2 ? B64_ALPHABET[n & 63] : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

/**
 * File content as standard padded base64 that decodes to at most `maxBytes`. Lenient decoders
 * skip unknown characters and ignore stray bits, so `***` or `aGk` would be stored as other
 * bytes than were sent, with the hash of those: only text that re-encodes to exactly itself is
 * accepted, so the stored bytes and their SHA-256 are what the uploader sent.
 */
export function strictBase64(maxBytes: number) {
  const maxLength = 4 * Math.ceil(maxBytes / 3);
  const sizeMessage = `must decode to at most ${maxBytes} bytes`;
  return z
    .string()
    .max(maxLength, { message: sizeMessage })
    .superRefine((text, ctx) => {
      if (text.length > maxLength) return; // already reported
      const fail = (message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      if (text.length === 0) {
        fail('must be base64 of at least one byte');
        return;
      }
      if (!B64_CHARS.test(text)) {
        fail(
          'must be base64 (standard alphabet A-Z a-z 0-9 + /, = only as padding at the end, no whitespace or URL-safe characters)',
        );
        return;
      }
      if (text.length % 4 !== 0) {
        fail('must be base64 with correct padding (length a multiple of 4)');
        return;
      }
      if (base64DecodedLength(text) > maxBytes) {
        fail(sizeMessage);
        return;
      }
      // Re-encoding the decoded bytes must give the text back. With the alphabet and padding
      // checked, only the last quantum can lose bits (stray bits before the padding), so the
      // round trip of the last four characters is the round trip of the whole text, without
      // decoding megabytes.
      const tail = text.slice(-4);
      const bytes = decodeBase64(tail);
      if (!bytes || encodeBase64(bytes) !== tail) {
        fail(
          'must be canonical base64 (the last character has bits set that decode to nothing)',
        );
      }
    });
}
