import {
  childElement,
  isPrimitive,
  isResourceType,
  requiredCodes,
  requiredElements,
  type FhirContext,
  type FhirElement,
} from './fhirElements';

/** Produced resources (what a mapping run outputs), checked element by element against R4. */

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
  function visitObject(
    obj: any,
    ctx: FhirContext,
    at: string,
    isResource = false,
  ) {
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
