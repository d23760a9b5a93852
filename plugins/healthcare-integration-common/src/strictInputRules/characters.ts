/** Naming and classifying the characters that text and URL checks refuse. */

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

export const hex = (code: number) =>
  `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

export function controlName(code: number) {
  if (code < 0x20) return C0_NAMES[code];
  if (code === 0x7f) return 'DEL';
  return hex(code);
}

export const isControl = (code: number) =>
  code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069) reorder what is shown ("Trojan Source"). */
export const isBidiControl = (code: number) =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
