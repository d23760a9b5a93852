import { z } from 'zod';
import { controlName, isBidiControl } from './characters';

/** Links to evidence kept elsewhere: only schemes that do not run code, no hidden characters. */

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
