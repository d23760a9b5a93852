import {
  childElement,
  isResourceType,
  RESOURCE_TYPES,
  type FhirContext,
  type FhirElement,
} from './fhirElements';
import { nearest } from './suggest';

/** Element paths as mappings write them, checked step by step against the R4 model. */

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
  let ctx: FhirContext = { path: root, type: root };
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
