import { normalizeRef } from '../lib/refs';

/** A ref as stored: integrations are components; `namespace/name` and full refs resolve. */
export function integrationRefOf(raw: string): string | { reason: string } {
  let ref: string;
  try {
    ref = normalizeRef(raw, 'component');
  } catch {
    return { reason: 'integrationRef: not an entity ref' };
  }
  if (!ref.startsWith('component:'))
    return {
      reason: `integrationRef: ${raw} is not a component (integrations are components)`,
    };
  return ref;
}
