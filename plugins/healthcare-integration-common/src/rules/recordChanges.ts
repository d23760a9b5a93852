import { canonicalJson } from '../canonicalJson';
import type { IntegrationProfile, RoleHolders } from '../types';

/**
 * Profile fields that govern a record: what the policy's `when` predicates read (PHI, vendor,
 * patient-facing, data classes, urgency) and the systems and vendor the approvals were given
 * for. Changing one of them, or any role holder, needs an approved record change.
 */
export const GOVERNED_PROFILE_FIELDS = [
  'phi',
  'externalVendor',
  'patientFacing',
  'dataClasses',
  'urgency',
  'sourceSystem',
  'destinationSystem',
  'vendorName',
] as const satisfies ReadonlyArray<keyof IntegrationProfile>;

export interface RecordFields {
  title: string;
  profile: IntegrationProfile;
  roles: RoleHolders;
}

export interface RecordUpdateDiff {
  title?: { before: string; after: string };
  /** Profile fields that take effect at once (they bump the revision). */
  profile: {
    before: Partial<IntegrationProfile>;
    after: Partial<IntegrationProfile>;
  };
  /** Governed fields and roles: they wait for an approved record change. */
  governed: {
    before: {
      profile?: Partial<IntegrationProfile>;
      roles?: Partial<RoleHolders>;
    };
    after: {
      profile?: Partial<IntegrationProfile>;
      roles?: Partial<RoleHolders>;
    };
  };
  changesNothing: boolean;
  needsApproval: boolean;
}

const same = (a: unknown, b: unknown) =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Splits an update into what changes now, what needs approval, and what changes nothing. */
export function diffRecordUpdate(
  current: RecordFields,
  update: {
    title?: string;
    profile?: Partial<IntegrationProfile>;
    roles?: Partial<RoleHolders>;
  },
): RecordUpdateDiff {
  const diff: RecordUpdateDiff = {
    profile: { before: {}, after: {} },
    governed: { before: {}, after: {} },
    changesNothing: true,
    needsApproval: false,
  };
  if (update.title !== undefined && update.title !== current.title) {
    diff.title = { before: current.title, after: update.title };
  }
  const governed = new Set<string>(GOVERNED_PROFILE_FIELDS);
  for (const [key, value] of Object.entries(update.profile ?? {})) {
    const k = key as keyof IntegrationProfile;
    if (same(current.profile[k], value)) continue;
    const side = governed.has(key) ? 'governed' : 'profile';
    if (side === 'governed') {
      (diff.governed.before.profile ??= {} as any)[k] = current.profile[
        k
      ] as any;
      (diff.governed.after.profile ??= {} as any)[k] = value as any;
    } else {
      (diff.profile.before as any)[k] = current.profile[k];
      (diff.profile.after as any)[k] = value;
    }
  }
  for (const [role, holder] of Object.entries(update.roles ?? {})) {
    const r = role as keyof RoleHolders;
    if (current.roles[r] === holder) continue;
    (diff.governed.before.roles ??= {})[r] = current.roles[r];
    (diff.governed.after.roles ??= {})[r] = holder as string;
  }
  diff.needsApproval = !!(
    diff.governed.after.profile || diff.governed.after.roles
  );
  diff.changesNothing =
    !diff.title &&
    !Object.keys(diff.profile.after).length &&
    !diff.needsApproval;
  return diff;
}
