import * as r4 from 'fhirpath/fhir-context/r4';
import { R4_REQUIRED_CODES, R4_REQUIRED_ELEMENTS } from './fhirR4Rules';
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

interface Context {
  /** The element path the context was reached by, e.g. `Observation.component`. */
  path: string;
  type: string;
}

/** Where the children of a context are defined: its own path for backbone elements, else its type and base types. */
function lookupKeys(ctx: Context): string[] {
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

export function childElement(ctx: Context, name: string): FhirLookup {
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
    const type = path2Type[key];
    if (type && !wantsChoice) {
      return {
        element: {
          key,
          path: `${ctx.path}.${name}`,
          type,
          repeats: !!path2Repeating[key],
        },
      };
    }
  }
  const siblings = lookupKeys(ctx).flatMap(k => [...(children.get(k) ?? [])]);
  return { suggestion: nearest(name, siblings) };
}

export interface FhirPathStep {
  name: string;
  index?: number;
}

export interface FhirPathCheck {
  errors: { message: string; suggestion?: string }[];
  warnings: { message: string }[];
  resourceType?: string;
  steps: (FhirPathStep & { element: FhirElement })[];
  /** The last element. */
  element?: FhirElement;
  /** Some step repeats and the path names no index: the path may select several values. */
  manyValued: boolean;
}

const STEP = /^([A-Za-z][A-Za-z0-9]*(?:\[x\])?)(?:\[(\d+)\])?$/;

/** Checks an element path (`Patient.name[0].family`, `Observation.value[x]`) against R4. */
export function checkFhirPath(text: string): FhirPathCheck {
  const out: FhirPathCheck = {
    errors: [],
    warnings: [],
    steps: [],
    manyValued: false,
  };
  const parts = text.trim().split('.');
  const [root, ...rest] = parts;
  if (!isResourceType(root)) {
    const guess = nearest(root, RESOURCE_TYPES);
    out.errors.push({
      message: `${root} is not a FHIR R4 resource type`,
      suggestion: guess ? [guess, ...rest].join('.') : undefined,
    });
    return out;
  }
  out.resourceType = root;
  let ctx: Context = { path: root, type: root };
  for (let i = 0; i < rest.length; i++) {
    const m = STEP.exec(rest[i]);
    const written = parts.slice(0, i + 2).join('.');
    if (!m) {
      out.errors.push({
        message: `${written}: "${rest[i]}" is not an element name`,
      });
      return out;
    }
    const [, name, idx] = m;
    const found = childElement(ctx, name);
    if (found.choiceWithoutType) {
      const bare = name;
      out.errors.push({
        message: `${written} is a choice element; write ${bare}[x] or name the type (${found.choiceWithoutType
          .map(t => bare + t)
          .join(', ')})`,
        suggestion: [
          ...parts.slice(0, i + 1),
          `${bare}${found.choiceWithoutType[0]}`,
          ...rest.slice(i + 1),
        ].join('.'),
      });
      return out;
    }
    if (!found.element) {
      out.errors.push({
        message: `${written}: ${
          ctx.type === 'BackboneElement' ? ctx.path : ctx.type
        } has no element "${name}" in FHIR R4`,
        suggestion: found.suggestion
          ? [
              ...parts.slice(0, i + 1),
              found.suggestion,
              ...rest.slice(i + 1),
            ].join('.')
          : undefined,
      });
      return out;
    }
    const el = { ...found.element, path: `${ctx.path}.${name}` };
    const index = idx === undefined ? undefined : Number(idx);
    if (index !== undefined && !el.repeats) {
      out.errors.push({
        message: `${written}: ${el.path} does not repeat (max 1); remove the [${index}] index`,
      });
      return out;
    }
    if (el.repeats && index === undefined) out.manyValued = true;
    out.steps.push({ name, index, element: el });
    out.element = el;
    // Continue below a choice only through a named type (valueQuantity.value), never value[x].x.
    ctx = { path: el.path, type: el.type === 'choice' ? 'Element' : el.type };
  }
  if (!out.element)
    out.errors.push({ message: `${text} names a resource, not an element` });
  return out;
}

export function requiredElements(resourceType: string): string[] | undefined {
  return R4_REQUIRED_ELEMENTS[resourceType];
}

export function requiredCodes(elementPath: string): string[] | undefined {
  return R4_REQUIRED_CODES[elementPath];
}

export interface ResourceIssue {
  path: string;
  message: string;
  suggestion?: string;
}

const NUMBER_TYPES = new Set([
  'decimal',
  'integer',
  'positiveInt',
  'unsignedInt',
  'integer64',
]);
const DATE_PATTERNS: Record<string, RegExp> = {
  date: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  dateTime:
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/,
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

/**
 * Validates a produced FHIR resource (or a Bundle of them) element by element: every element
 * exists in R4, arrays exactly where the element repeats, JSON types of primitives, date
 * formats, required codes, and the resource's required top-level elements.
 */
export function validateFhirResource(resource: unknown): {
  errors: ResourceIssue[];
  warnings: ResourceIssue[];
} {
  const errors: ResourceIssue[] = [];
  const warnings: ResourceIssue[] = [];
  function visitResource(res: any, at: string) {
    const type = res?.resourceType;
    if (typeof type !== 'string' || !isResourceType(type)) {
      errors.push({
        path: at,
        message: `resourceType ${JSON.stringify(
          type,
        )} is not a FHIR R4 resource type`,
      });
      return;
    }
    const required = requiredElements(type);
    for (const name of required ?? []) {
      const bare = name.replace('[x]', '');
      const present = Object.keys(res).some(k =>
        name.endsWith('[x]')
          ? k.startsWith(bare) && /^[A-Z]/.test(k.slice(bare.length))
          : k === name,
      );
      if (!present)
        errors.push({
          path: `${type}.${name}`,
          message: `required element ${type}.${name} (min 1) is missing`,
        });
    }
    visitObject(res, { path: type, type }, type, true);
  }
  function visitObject(obj: any, ctx: Context, at: string, isResource = false) {
    for (const [key, value] of Object.entries(obj ?? {})) {
      if (isResource && key === 'resourceType') continue;
      if (key.startsWith('_')) continue; // primitive extensions
      const found = childElement(ctx, key);
      const path = `${at}.${key}`;
      if (!found.element) {
        errors.push({
          path,
          message: found.choiceWithoutType
            ? `${path} is a choice element; the JSON name carries the type (e.g. ${key}${found.choiceWithoutType[0]})`
            : `${path} is not an element of ${
                ctx.type === 'BackboneElement' ? ctx.path : ctx.type
              } in FHIR R4`,
          suggestion: found.suggestion
            ? `${at}.${found.suggestion}`
            : undefined,
        });
        continue;
      }
      const el = found.element;
      if (Array.isArray(value) !== el.repeats) {
        errors.push({
          path,
          message: el.repeats
            ? `${path} repeats in R4 and must be an array`
            : `${path} does not repeat (max 1) but is an array`,
        });
        continue;
      }
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        const itemPath = Array.isArray(value) ? `${path}[${i}]` : path;
        if (
          el.type === 'Resource' ||
          key === 'contained' ||
          key === 'resource'
        ) {
          visitResource(item, itemPath);
        } else if (isPrimitive(el.type)) {
          checkPrimitive(item, el, itemPath, `${ctx.path}.${key}`);
        } else if (
          typeof item !== 'object' ||
          item === null ||
          Array.isArray(item)
        ) {
          errors.push({
            path: itemPath,
            message: `${itemPath} is a ${el.type} and must be an object`,
          });
        } else {
          visitObject(
            item,
            { path: `${ctx.path}.${key}`, type: el.type },
            itemPath,
          );
        }
      });
    }
  }
  function checkPrimitive(
    value: unknown,
    el: FhirElement,
    at: string,
    elementPath: string,
  ) {
    const t = el.type.replace('System.', '').replace(/^String$/, 'string');
    if (t === 'boolean') {
      if (typeof value !== 'boolean')
        errors.push({
          path: at,
          message: `${at} is a boolean; got ${JSON.stringify(value)}`,
        });
      return;
    }
    if (NUMBER_TYPES.has(t)) {
      if (typeof value !== 'number')
        errors.push({
          path: at,
          message: `${at} is a ${t} (JSON number); got ${JSON.stringify(
            value,
          )}`,
        });
      return;
    }
    if (typeof value !== 'string' || value === '') {
      errors.push({
        path: at,
        message: `${at} is a ${t} and must be a non-empty string; got ${JSON.stringify(
          value,
        )}`,
      });
      return;
    }
    if (DATE_PATTERNS[t] && !DATE_PATTERNS[t].test(value)) {
      errors.push({
        path: at,
        message: `${at} is a FHIR ${t}; "${value}" is not in its format (e.g. 2026-11-25${
          t === 'date' ? '' : 'T09:30:00Z'
        })`,
      });
    }
    const codes = requiredCodes(elementPath);
    if (codes && !codes.includes(value)) {
      errors.push({
        path: at,
        message: `${at} "${value}" is not in the required value set (${codes.join(
          ', ',
        )})`,
      });
    }
  }
  const res = resource as any;
  if (res?.resourceType === 'Bundle' && Array.isArray(res.entry)) {
    res.entry.forEach((e: any, i: number) =>
      visitResource(e?.resource, `Bundle.entry[${i}].resource`),
    );
  } else {
    visitResource(res, '(resource)');
  }
  return { errors, warnings };
}
