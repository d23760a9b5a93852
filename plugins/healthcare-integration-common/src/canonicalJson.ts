/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. The audit
 * chain hashes this form so that any verifier (the API, the offline CLI, an auditor's own
 * script) computes the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error('canonicalJson: non-finite number');
    }
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value
      .map(v => (v === undefined ? 'null' : canonicalJson(v)))
      .join(',')}]`;
  }
  const entries = Object.keys(value as object)
    .filter(k => (value as any)[k] !== undefined)
    .sort()
    .map(k => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`);
  return `{${entries.join(',')}}`;
}
