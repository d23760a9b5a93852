/**
 * The candidate policy in a parsed YAML or JSON document: an app-config's
 * `healthcareIntegration.policy`, or the document itself when it is a bare policy. Undefined
 * when it holds neither (a list, a scalar, an app-config without the key).
 */
export function candidateFromDocument(
  doc: unknown,
): Record<string, unknown> | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(doc)) return undefined;
  if ('healthcareIntegration' in doc) {
    const hip = doc.healthcareIntegration;
    return isObject(hip) && isObject(hip.policy) ? hip.policy : undefined;
  }
  return doc;
}
