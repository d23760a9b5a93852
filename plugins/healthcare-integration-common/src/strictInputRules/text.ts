import { z } from 'zod';
import { controlName, hex, isBidiControl, isControl } from './characters';

/**
 * Free text: what a reviewer reads must be what was sent, so text that hides or reorders what
 * it shows is refused, and a minimum length counts only what a reader sees.
 */

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
