import type { IntegrationProfile } from '../types';
import { matchesProfile } from './predicate';
import type { ProfilePredicate } from './types';

/** One clause of a `when` predicate, what the profile holds for it, and whether it held. */
export interface PredicateClause {
  /** The clause as written, e.g. `phi = true`, `dataClassesAny ∋ lab-results`. */
  clause: string;
  /** What the profile says for it, e.g. `phi = true`. */
  actual: string;
  holds: boolean;
}

/** Why a gate's predicate holds (or not) for a profile: the verdict and each clause. */
export interface PredicateExplanation {
  holds: boolean;
  /** `always` when the gate has no predicate. */
  predicate: ProfilePredicate | 'always';
  clauses: PredicateClause[];
}

/**
 * Explains `matchesProfile`: each clause of the predicate with the profile's value. The verdict
 * is `matchesProfile`'s own, so the explanation cannot disagree with the gate derivation.
 */
export function explainPredicate(
  predicate: ProfilePredicate | undefined,
  profile: IntegrationProfile,
): PredicateExplanation {
  return {
    holds: matchesProfile(predicate, profile),
    predicate: predicate ?? 'always',
    clauses: predicate ? clausesOf(predicate, profile, '') : [],
  };
}

function clausesOf(
  p: ProfilePredicate,
  profile: IntegrationProfile,
  prefix: string,
): PredicateClause[] {
  const out: PredicateClause[] = [];
  for (const key of ['phi', 'externalVendor', 'patientFacing'] as const) {
    if (p[key] === undefined) continue;
    out.push({
      clause: `${prefix}${key} = ${p[key]}`,
      actual: `${key} = ${profile[key]}`,
      holds: profile[key] === p[key],
    });
  }
  if (p.dataClassesAny)
    out.push({
      clause: `${prefix}dataClasses has any of [${p.dataClassesAny.join(
        ', ',
      )}]`,
      actual: `dataClasses = [${profile.dataClasses.join(', ')}]`,
      holds: p.dataClassesAny.some(c => profile.dataClasses.includes(c as any)),
    });
  if (p.urgencyIn)
    out.push({
      clause: `${prefix}urgency in [${p.urgencyIn.join(', ')}]`,
      actual: `urgency = ${profile.urgency}`,
      holds: p.urgencyIn.includes(profile.urgency),
    });
  const nested = (label: string, list: ProfilePredicate[], any: boolean) => {
    const holds = any
      ? list.some(q => matchesProfile(q, profile))
      : list.every(q => matchesProfile(q, profile));
    out.push({
      clause: `${prefix}${label} (${list.length})`,
      actual: holds ? 'holds' : 'does not hold',
      holds,
    });
    list.forEach((q, i) =>
      out.push(...clausesOf(q, profile, `${prefix}${label}[${i}].`)),
    );
  };
  if (p.anyOf) nested('anyOf', p.anyOf, true);
  if (p.allOf) nested('allOf', p.allOf, false);
  if (p.not) {
    const holds = !matchesProfile(p.not, profile);
    out.push({
      clause: `${prefix}not`,
      actual: holds ? 'inner predicate does not hold' : 'inner predicate holds',
      holds,
    });
    out.push(...clausesOf(p.not, profile, `${prefix}not.`));
  }
  return out;
}
