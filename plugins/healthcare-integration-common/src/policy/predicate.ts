import type { IntegrationProfile } from '../types';
import type { ProfilePredicate } from './types';

/** Evaluates a `when` predicate against a profile. */
export function matchesProfile(
  predicate: ProfilePredicate | undefined,
  profile: IntegrationProfile,
): boolean {
  if (!predicate) return true;
  const checks: boolean[] = [];
  if (predicate.phi !== undefined) checks.push(profile.phi === predicate.phi);
  if (predicate.externalVendor !== undefined)
    checks.push(profile.externalVendor === predicate.externalVendor);
  if (predicate.patientFacing !== undefined)
    checks.push(profile.patientFacing === predicate.patientFacing);
  if (predicate.dataClassesAny)
    checks.push(
      predicate.dataClassesAny.some(c =>
        profile.dataClasses.includes(c as any),
      ),
    );
  if (predicate.urgencyIn)
    checks.push(predicate.urgencyIn.includes(profile.urgency));
  if (predicate.anyOf)
    checks.push(predicate.anyOf.some(p => matchesProfile(p, profile)));
  if (predicate.allOf)
    checks.push(predicate.allOf.every(p => matchesProfile(p, profile)));
  if (predicate.not) checks.push(!matchesProfile(predicate.not, profile));
  return checks.every(Boolean);
}
