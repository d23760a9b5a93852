/** The HTML building blocks of the audit report: escaping, dates, hashes, tables. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
}
export const e = escapeHtml;

/** An ISO instant as "2026-12-01 16:59:03 UTC" (not escaped). */
export const utc = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC')
    .replace(/Z$/, ' UTC');
export const when = (iso?: string) => (iso ? e(utc(iso)) : '—');
export const short = (hash?: string) =>
  hash ? `<code title="${e(hash)}">${e(hash.slice(0, 16))}…</code>` : '—';
export const code = (value: unknown) => `<code>${e(value)}</code>`;
export const yesNo = (ok: boolean, yes: string, no: string) =>
  ok
    ? `<span class="ok">✔ ${e(yes)}</span>`
    : `<span class="bad">✘ ${e(no)}</span>`;

export function table(headers: string[], rows: string[][], empty: string) {
  if (!rows.length) return `<p class="empty">${e(empty)}</p>`;
  return `<table><thead><tr>${headers
    .map(h => `<th>${e(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
