/** The report's stylesheet: inline (the page loads nothing), readable on screen, A4 in print. */
export const STYLE = `
  :root { color-scheme: light; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
  h1 { font-size: 20pt; margin: 0 0 4px; }
  h2 { font-size: 14pt; border-bottom: 2px solid #333; padding-bottom: 2px; margin-top: 28px; page-break-after: avoid; break-after: avoid; }
  h3 { font-size: 12pt; margin: 18px 0 6px; page-break-after: avoid; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 9.5pt; }
  th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #eee; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  code { font: 9pt ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
  .meta { color: #444; }
  .ok { color: #0a6b2d; font-weight: 600; }
  .bad { color: #b00020; font-weight: 600; }
  .empty { color: #666; font-style: italic; }
  .box { border: 1px solid #999; padding: 8px 12px; margin: 8px 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
  dt { font-weight: 600; } dd { margin: 0; }
  footer { margin-top: 32px; font-size: 9pt; color: #444; border-top: 1px solid #999; padding-top: 6px; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
`;
