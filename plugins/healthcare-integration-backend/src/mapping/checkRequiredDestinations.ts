import type {
  MappingIssue,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HL7Dictionary } from 'hl7v2-dictionary';
import { r4Children } from './definitions/r4Definitions';
import { checkFhirPath } from './fhirModel';
import { definitionParent, jsonNames } from './fhirResourceValidation';
import { parseHl7Path } from './hl7Path';

/** One element instance the rows write into: `Appointment.participant[0]`, and what it holds. */
interface Node {
  /** Where its children are defined (`Appointment.participant`, `HumanName`, `Patient`). */
  parent: string;
  children: Set<string>;
  /** Rows that write below it, for the messages. */
  rows: Set<string>;
}

/**
 * Required destination elements that no row fills, at every depth: for FHIR, each resource
 * written and each element instance a row writes into must have its children of minimum
 * cardinality ≥ 1 (R4 StructureDefinitions) and at most one type of each choice element; for
 * HL7, fields marked R in the segments written (a warning: the run writes MSH itself).
 */
export function checkRequiredDestinations(
  spec: MappingSpec,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const ep = spec.destination;
  if (ep.standard === 'fhir') {
    const nodes = new Map<string, Node>();
    const node = (key: string, parent: string) => {
      if (!nodes.has(key))
        nodes.set(key, { parent, children: new Set(), rows: new Set() });
      return nodes.get(key)!;
    };
    node(ep.resource, ep.resource);
    for (const r of spec.rows) {
      const check = checkFhirPath(r.destination);
      if (!check.resourceType || check.errors.length) continue;
      let key = check.resourceType;
      let current = node(key, key);
      for (const step of check.steps) {
        current.children.add(step.name);
        current.rows.add(r.id);
        key = `${key}.${step.name}${
          step.element.repeats ? `[${step.index ?? 0}]` : ''
        }`;
        current = node(key, definitionParent(step.element));
      }
    }
    for (const [key, n] of nodes) {
      for (const def of r4Children(n.parent)) {
        const names = jsonNames(def);
        const present = names.filter(x => n.children.has(x));
        const name = def.path.slice(def.path.lastIndexOf('.') + 1);
        const at = `${key}.${name}`;
        if (def.min > 0 && !present.length) {
          errors.push({
            row: 'spec',
            path: at,
            message: `required element ${def.path} (min ${
              def.min
            } in R4) is not mapped by any row${
              n.rows.size
                ? ` (rows ${[...n.rows].join(', ')} write ${key})`
                : ''
            }`,
            suggestion: `add a row with destination ${at.replace(
              /\[0\]/g,
              '',
            )} (a constant if the source has no equivalent)`,
          });
        }
        if (present.length > 1) {
          errors.push({
            row: 'spec',
            path: at,
            message: `${
              def.path
            } is one choice element: rows write ${present.join(
              ' and ',
            )}, more than one of its types`,
          });
        }
      }
    }
  }
  if (ep.standard === 'hl7v2' && dict) {
    const mapped = new Set(
      spec.rows
        .map(r => parseHl7Path(r.destination))
        .filter(Boolean)
        .map(p => `${p!.segment}-${p!.field}`),
    );
    const segments = new Set(
      spec.rows
        .map(r => parseHl7Path(r.destination)?.segment)
        .filter(Boolean) as string[],
    );
    for (const seg of segments) {
      if (seg === 'MSH') continue; // the header is written by the run
      for (const [n, f] of Object.entries(dict.segments[seg]?.fields ?? {})) {
        if (f.opt === 'R' && !mapped.has(`${seg}-${n}`)) {
          warnings.push({
            row: 'spec',
            path: `${seg}-${n}`,
            message: `${seg}-${n} (${f.desc}) is required in HL7 v${dict.version} and no row fills it`,
          });
        }
      }
    }
  }
}
