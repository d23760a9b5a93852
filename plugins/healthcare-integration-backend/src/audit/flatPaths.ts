import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import { UNKNOWN, pathKey } from './replayState';

/**
 * Both sides of a binding comparison as flat maps from path to value, so that every field is
 * compared on its own and a difference can name it (`gates[intake].decisions[… #1].decidedBy`).
 */

/** An object or map entry: compared for presence only; its fields are compared one by one. */
export const NODE = Symbol('node');
export type Flat = Map<string, { path: string[]; value: unknown }>;

/** Leaves (primitives, arrays as canonical JSON) and nodes (objects, map entries) by path. */
export function flatten(
  value: unknown,
  path: string[] = [],
  out: Flat = new Map(),
): Flat {
  if (value === undefined || value === null) return out;
  if (value === UNKNOWN) {
    out.set(pathKey(path), { path, value: UNKNOWN });
    return out;
  }
  if (value instanceof Map) {
    if (path.length) out.set(pathKey(path), { path, value: NODE });
    for (const [k, v] of value) flatten(v, [...path, String(k)], out);
    return out;
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    if (path.length) out.set(pathKey(path), { path, value: NODE });
    for (const k of Object.keys(value as object))
      flatten((value as any)[k], [...path, k], out);
    return out;
  }
  out.set(pathKey(path), {
    path,
    value: Array.isArray(value) ? canonicalJson(value) : value,
  });
  return out;
}

/** The collections whose next path segment is a key: printed in brackets. */
const KEYED = new Set([
  'gates',
  'evidence',
  'tests',
  'changeRequests',
  'recordChanges',
  'exceptions',
  'decisions',
  'versions',
  'confirmations',
]);

export function formatPath(path: string[]) {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    out +=
      i > 0 && KEYED.has(path[i - 1])
        ? `[${path[i]}]`
        : `${i ? '.' : ''}${path[i]}`;
  }
  return out;
}

/** Parents before children; siblings by key. */
export function comparePaths(a: string[], b: string[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}
