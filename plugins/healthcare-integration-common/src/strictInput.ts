import { z } from 'zod';

/**
 * Strict zod builders for every string the API stores or renders. A governance record is
 * evidence: what a reviewer reads must be what was sent, so text that hides or reorders what it
 * shows, dates that do not exist, bytes that are not what the hash covers, and links that run
 * code are refused at the edge, with a message that names what is wrong. The module is shared
 * by the backend (Node) and the browser, so nothing here uses Node APIs such as Buffer.
 */

// ---------------------------------------------------------------------------------------------
// Text

/** Names of the C0 control characters and DEL, so a message says `NUL` rather than a number. */
const C0_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];

const hex = (code: number) =>
  `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function controlName(code: number) {
  if (code < 0x20) return C0_NAMES[code];
  if (code === 0x7f) return 'DEL';
  return hex(code);
}

const isControl = (code: number) =>
  code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069) reorder what is shown ("Trojan Source"). */
const isBidiControl = (code: number) =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

/**
 * Characters that show nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
 * Mongolian vowel separator, and a few more that are used the same way (directional marks,
 * invisible operators, combining grapheme joiner, Hangul fillers). They are allowed inside text
 * (joiners are needed in emoji and some scripts) but do not count towards a minimum length.
 */
const INVISIBLE =
  /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E\u061C\u034F\u115F\u1160\u3164\uFFA0]/gu;
const WHITESPACE = /\s/gu;

/** How many characters of a text a reader sees: code points without whitespace and invisible characters. */
export function countVisibleCharacters(text: string): number {
  return Array.from(text.replace(WHITESPACE, '').replace(INVISIBLE, '')).length;
}

export interface SafeTextOptions {
  /** Minimum number of visible characters (whitespace and invisible characters do not count). */
  min?: number;
  /** Maximum length in UTF-16 code units, as before. */
  max: number;
  /** Allows line feed, carriage return and tab (prose); single-line fields refuse them. */
  multiline?: boolean;
  /** Trims surrounding whitespace first (default). Off for values where spaces are meaningful. */
  trim?: boolean;
}

/**
 * The first reason a text is unsafe to store and show, or undefined. Positions are 1-based and
 * count characters (code points) of the text as checked (after trimming).
 */
export function findUnsafeText(
  text: string,
  options: { multiline?: boolean } = {},
): string | undefined {
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    const code = text.charCodeAt(i);
    if (isControl(code)) {
      if (
        options.multiline &&
        (code === 0x0a || code === 0x0d || code === 0x09)
      )
        continue;
      return `must not contain control characters (${controlName(
        code,
      )} at position ${position})`;
    }
    if (isBidiControl(code)) {
      return `must not contain bidirectional override or isolate characters (${hex(
        code,
      )} at position ${position})`;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair is one character
        continue;
      }
      return `must not contain unpaired surrogates (${hex(
        code,
      )} at position ${position})`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      return `must not contain unpaired surrogates (${hex(
        code,
      )} at position ${position})`;
    }
  }
  return undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Free text (titles, comments, justifications, names). Trims; refuses NUL (PostgreSQL cannot
 * store it) and every other control character, bidi overrides/isolates (they make a reviewer
 * read something else than what is stored) and unpaired surrogates (not valid Unicode, break
 * hashing and export); `min` counts visible characters so that zero-width padding cannot meet
 * a required length, and a non-empty text made only of invisible characters is refused too.
 */
export function safeText(options: SafeTextOptions) {
  const { min, max, multiline = false, trim = true } = options;
  const minMessage =
    min !== undefined
      ? `must contain at least ${plural(min, 'visible character')}`
      : '';
  let base = z.string();
  if (trim) base = base.trim();
  // A length below the minimum can never hold enough visible characters; checked first so the
  // generated JSON Schema keeps minLength.
  if (min !== undefined && min > 0)
    base = base.min(min, { message: minMessage });
  base = base.max(max, {
    message: `must be at most ${plural(max, 'character')}`,
  });
  return base.superRefine((text, ctx) => {
    if (text.length > max || (min !== undefined && text.length < min)) return; // already reported
    const unsafe = findUnsafeText(text, { multiline });
    if (unsafe) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: unsafe });
      return;
    }
    const visible = countVisibleCharacters(text);
    if (min !== undefined && visible < min) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: minMessage });
    } else if (visible === 0 && text.replace(WHITESPACE, '').length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must not consist only of invisible characters',
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) =>
  (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Whether year-month-day exists in the (proleptic Gregorian) calendar. */
export function isCalendarDate(
  year: number,
  month: number,
  day: number,
): boolean {
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day)
  )
    return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= days;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD`. The format alone lets 2027-02-30 through, which then sorts,
 * compares and displays as a different day (or Invalid Date) depending on who parses it.
 */
export function calendarDate() {
  return z
    .string()
    .regex(DATE, { message: 'must be a date, YYYY-MM-DD' })
    .superRefine((value, ctx) => {
      const m = DATE.exec(value);
      if (m && !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a real calendar date (${value} does not exist)`,
        });
      }
    });
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE_TIME_MESSAGE =
  'must be an ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00Z';

/** The first reason a text is not a real ISO 8601 date-time with offset, or undefined. */
export function findInvalidDateTime(value: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return DATE_TIME_MESSAGE;
  const [, y, mo, d, h, mi, s, , zone, oh, om] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) {
    return `must be a real calendar date (${y}-${mo}-${d} does not exist)`;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return 'must be a real time of day (00:00:00 to 23:59:59)';
  }
  if (
    zone !== 'Z' &&
    (Number(om) > 59 || Number(oh) * 60 + Number(om) > 14 * 60)
  ) {
    return 'must have a UTC offset between -14:00 and +14:00';
  }
  if (Number.isNaN(Date.parse(value))) return DATE_TIME_MESSAGE;
  return undefined;
}

const zodDateTime = z.string().datetime({ offset: true });

/**
 * An ISO 8601 / RFC 3339 date-time with `Z` or a `±hh:mm` offset, on a real calendar day, at a
 * real time and with an offset within ±14:00 (zod alone accepts `+99:99` and `+0100`, which
 * parsers read differently or not at all). Expiries and event times are compared by the
 * backend; a time that does not exist must not silently become another one.
 */
export function strictDateTime() {
  return z
    .string({
      // zod's own datetime check runs first (and documents `format: date-time`); its issue gets
      // the precise reason instead of a generic one.
      errorMap: (issue, ctx) =>
        issue.code === z.ZodIssueCode.invalid_string &&
        typeof ctx.data === 'string'
          ? { message: findInvalidDateTime(ctx.data) ?? DATE_TIME_MESSAGE }
          : { message: ctx.defaultError },
    })
    .datetime({ offset: true })
    .superRefine((value, ctx) => {
      if (!zodDateTime.safeParse(value).success) return; // already reported
      const invalid = findInvalidDateTime(value);
      if (invalid)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: invalid });
    });
}

// ---------------------------------------------------------------------------------------------
// Base64

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

// ---------------------------------------------------------------------------------------------
// Media types

/** RFC 6838 §4.2 restricted-name: starts with a letter or digit, up to 127 characters. */
const RESTRICTED_NAME = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${RESTRICTED_NAME}/${RESTRICTED_NAME}$`);

/**
 * A media type `type/subtype` (RFC 6838 restricted names), lower-cased. It is sent back as the
 * Content-Type of the download: `../..`, empty parts or parameters (`text/html; charset=…`,
 * which could smuggle header content) are refused rather than passed on.
 */
export function mediaType() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .max(255, { message: 'must be at most 255 characters' })
    .regex(MEDIA_TYPE, {
      message:
        'must be a media type, e.g. application/pdf (type/subtype per RFC 6838, no parameters)',
    });
}

// ---------------------------------------------------------------------------------------------
// URLs

export const MAX_URL_LENGTH = 2000;

/** The first reason a URL is unsafe to store and open as a link, or undefined. */
export function findUnsafeUrl(
  raw: string,
  schemes: readonly string[] = ['https', 'http'],
): string | undefined {
  if (raw.length > MAX_URL_LENGTH)
    return `must be at most ${MAX_URL_LENGTH} characters`;
  // The URL parser drops leading controls and spaces and removes tabs and newlines anywhere
  // (`\tjava\nscript:`), so the scheme it sees is not the one a check on the text sees: refuse them.
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (
      code <= 0x20 ||
      (code >= 0x7f && code <= 0xa0) ||
      isBidiControl(code) ||
      code === 0xfeff
    ) {
      return `must not contain whitespace or control characters (${controlName(
        code,
      )} at position ${i + 1})`;
    }
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  const allowed = schemes.map(s => s.toLowerCase());
  if (!scheme)
    return `must be an absolute URL starting with ${allowed
      .map(s => `${s}://`)
      .join(' or ')}`;
  if (!allowed.includes(scheme))
    return `must use ${allowed.join(' or ')}, not ${scheme}:`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a valid URL';
  }
  if (url.protocol !== `${scheme}:`) return `must use ${allowed.join(' or ')}`;
  if (
    (scheme === 'http' || scheme === 'https') &&
    (!/^[a-z]+:\/\//i.test(raw) || !url.hostname)
  ) {
    return `must be an absolute URL with a host, e.g. ${scheme}://example.org/doc`;
  }
  if (url.username || url.password)
    return 'must not contain credentials (user:password@)';
  return undefined;
}

/**
 * A link to evidence kept elsewhere. Only the listed schemes (http and https by default):
 * `javascript:`, `data:`, `vbscript:` and `file:` run code or read local files when a reviewer
 * clicks, and Backstage's Link throws on `javascript:`, which took down the whole tab. Also no
 * credentials in the URL (they would be shown to every reader), at most 2000 characters.
 */
export function safeUrl(options: { schemes?: readonly string[] } = {}) {
  const schemes = options.schemes ?? ['https', 'http'];
  return z
    .string()
    .trim()
    .max(MAX_URL_LENGTH, {
      message: `must be at most ${MAX_URL_LENGTH} characters`,
    })
    .superRefine((raw, ctx) => {
      if (raw.length > MAX_URL_LENGTH) return; // already reported
      const unsafe = findUnsafeUrl(raw, schemes);
      if (unsafe)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: unsafe });
    });
}

/**
 * Whether a stored string may be rendered as a link: an http(s) URL by the same rules as
 * `safeUrl()`. For the UI, which must never hand anything else to `href` (records stored
 * before these rules, or written around the API, may hold anything).
 */
export function isSafeHttpUrl(url: unknown): url is string {
  return (
    typeof url === 'string' &&
    findUnsafeUrl(url, ['https', 'http']) === undefined
  );
}
