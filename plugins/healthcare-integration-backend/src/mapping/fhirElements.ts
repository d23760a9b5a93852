import * as r4 from 'fhirpath/fhir-context/r4';
import { nearest } from './suggest';

/**
 * FHIR R4 element definitions from the fhirpath.js R4 model (`fhirpath/fhir-context/r4`):
 * element types, choice types (`value[x]`), repetition and base-type inheritance.
 */
export const r4Model = r4;

const path2Type = r4.path2Type as Record<string, string>;
const path2Repeating = r4.path2Repeating as Record<string, boolean>;
const choiceTypePaths = r4.choiceTypePaths as Record<string, string[]>;
const type2Parent = r4.type2Parent as Record<string, string>;
const definedElsewhere = r4.pathsDefinedElsewhere as Record<string, string>;

/** child names per element path or type: `HumanName` → family, given, …; `Observation` → status, value[x], … */
const children = new Map<string, Set<string>>();
for (const key of [
  ...Object.keys(path2Type),
  ...Object.keys(choiceTypePaths),
]) {
  const dot = key.lastIndexOf('.');
  const parent = key.slice(0, dot);
  const name = key.slice(dot + 1) + (choiceTypePaths[key] ? '[x]' : '');
  if (!children.has(parent)) children.set(parent, new Set());
  children.get(parent)!.add(name);
}

function ancestors(type: string): string[] {
  const out = [type];
  for (let t = type2Parent[type]; t && out.length < 10; t = type2Parent[t])
    out.push(t);
  return out;
}

export const RESOURCE_TYPES = Object.keys(type2Parent).filter(
  t =>
    ancestors(t).includes('Resource') &&
    t !== 'DomainResource' &&
    t !== 'Resource',
);
const resourceTypes = new Set(RESOURCE_TYPES);

export function isResourceType(name: string) {
  return resourceTypes.has(name);
}

/** Primitive types are lower-case in the model (`string`, `date`, `code`) or `System.*`. */
export function isPrimitive(type: string) {
  return /^[a-z]/.test(type) || type.startsWith('System.');
}

/** Where a walk through the model stands: the path it came by and the type found there. */
export interface FhirContext {
  /** The element path the context was reached by, e.g. `Observation.component`. */
  path: string;
  type: string;
}

/** Where the children of a context are defined: its own path for backbone elements, else its type and base types. */
function lookupKeys(ctx: FhirContext): string[] {
  const backbone =
    ctx.type === 'BackboneElement' ||
    (ctx.type === 'Element' && ctx.path.includes('.'));
  const own = backbone ? [definedElsewhere[ctx.path] ?? ctx.path] : [];
  return [...own, ...ancestors(ctx.type)];
}

export interface FhirElement {
  /** The model key the element was found under, e.g. `HumanName.family`. */
  key: string;
  /** The path as written by the caller, without indexes, e.g. `Patient.name.family`. */
  path: string;
  type: string;
  repeats: boolean;
  /** Allowed types when the element is a choice (`value[x]`). */
  choice?: string[];
}

export interface FhirLookup {
  element?: FhirElement;
  /** The child does not exist; a near sibling name when there is one. */
  suggestion?: string;
  /** A choice element named without `[x]` or a type. */
  choiceWithoutType?: string[];
}

export function childElement(ctx: FhirContext, name: string): FhirLookup {
  const wantsChoice = name.endsWith('[x]');
  const bare = wantsChoice ? name.slice(0, -3) : name;
  for (const base of lookupKeys(ctx)) {
    const key = `${base}.${bare}`;
    const choice = choiceTypePaths[key];
    if (choice) {
      if (!wantsChoice) return { choiceWithoutType: choice };
      return {
        element: {
          key,
          path: `${ctx.path}.${name}`,
          type: 'choice',
          repeats: !!path2Repeating[key],
          choice,
        },
      };
    }
    // A content reference (Observation.component.referenceRange) is typed where it points.
    const target = definedElsewhere[key];
    const type = path2Type[key] ?? (target ? path2Type[target] : undefined);
    if (type && !wantsChoice) {
      return {
        element: {
          key,
          path: `${ctx.path}.${name}`,
          type,
          repeats: !!(path2Repeating[key] ?? path2Repeating[target]),
        },
      };
    }
  }
  const siblings = lookupKeys(ctx).flatMap(k => [...(children.get(k) ?? [])]);
  return { suggestion: nearest(name, siblings) };
}
