import {
  childElement,
  isPrimitive,
  isResourceType,
  type FhirContext,
  type FhirElement,
} from './fhirElements';
import { primitiveJsonProblem } from './fhirPrimitives';
import {
  r4Children,
  r4Element,
  type R4ElementDefinition,
} from './definitions/r4Definitions';

/**
 * Produced resources (what a mapping run outputs, or a FHIR resource given for review), checked
 * element by element against the R4 StructureDefinitions: every element exists, arrays exactly
 * where the element repeats, primitives by their JSON type and R4 regex, required bindings,
 * required elements at every depth, and at most one type of each choice element.
 */

export interface ResourceIssue {
  path: string;
  message: string;
  suggestion?: string;
}

const BACKBONE = new Set(['BackboneElement', 'Element']);

/** Where the children of an element are defined: its own path for a backbone element, else its type. */
export function definitionParent(el: { key: string; type: string }): string {
  return BACKBONE.has(el.type) ? el.key : el.type;
}

/** The JSON names an element may take: `status`, or `valueQuantity`, `valueString`… for `value[x]`. */
export function jsonNames(def: R4ElementDefinition): string[] {
  const name = def.path.slice(def.path.lastIndexOf('.') + 1);
  if (!name.endsWith('[x]')) return [name];
  const base = name.slice(0, -3);
  return def.types.map(t => `${base}${t[0].toUpperCase()}${t.slice(1)}`);
}

/** Required children missing from an object, and choice elements given in more than one type. */
export function structureIssues(
  obj: Record<string, unknown>,
  parent: string,
  at: string,
): ResourceIssue[] {
  const issues: ResourceIssue[] = [];
  const has = (n: string) => n in obj || `_${n}` in obj;
  for (const def of r4Children(parent)) {
    const names = jsonNames(def);
    const present = names.filter(has);
    const name = def.path.slice(def.path.lastIndexOf('.') + 1);
    if (def.min > 0 && !present.length) {
      issues.push({
        path: `${at}.${name}`,
        message: `required element ${def.path} (min ${def.min} in R4) is missing`,
      });
    }
    if (present.length > 1) {
      issues.push({
        path: `${at}.${name}`,
        message: `${def.path} is one choice element; ${present.join(
          ' and ',
        )} give it more than one type`,
      });
    }
  }
  return issues;
}

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
    visitObject(res, { path: type, type }, type, type, true);
  }
  function visitObject(
    obj: any,
    ctx: FhirContext,
    parent: string,
    at: string,
    isResource = false,
  ) {
    errors.push(...structureIssues(obj ?? {}, parent, at));
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
          // The SD types Resource.id as a System.String; R4 states it is an `id`.
          const typed = isResource && key === 'id' ? { ...el, type: 'id' } : el;
          checkPrimitive(item, typed, itemPath);
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
            definitionParent(el),
            itemPath,
          );
        }
      });
    }
  }
  function checkPrimitive(value: unknown, el: FhirElement, at: string) {
    const problem = primitiveJsonProblem(el.type, value);
    if (problem) {
      errors.push({ path: at, message: `${at} must be ${problem}` });
      return;
    }
    const codes = r4Element(el.key)?.codes;
    if (codes && typeof value === 'string' && !codes.includes(value)) {
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
