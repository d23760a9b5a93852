import type {
  MappingIssue,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { HL7Dictionary } from 'hl7v2-dictionary';
import { requiredElements } from './fhirModel';
import { parseHl7Path } from './hl7Path';

/** Required destination elements (R4 min ≥ 1, or HL7 fields marked R) that no row fills. */
export function checkRequiredDestinations(
  spec: MappingSpec,
  dict: HL7Dictionary | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const ep = spec.destination;
  if (ep.standard === 'fhir') {
    const firstSteps = new Map<string, Set<string>>();
    for (const r of spec.rows) {
      const [root, first] = r.destination.split('.');
      const name = (first ?? '').replace(/\[\d+\]$/, '');
      if (!firstSteps.has(root)) firstSteps.set(root, new Set());
      firstSteps.get(root)!.add(name);
    }
    if (!firstSteps.has(ep.resource)) firstSteps.set(ep.resource, new Set());
    for (const [resource, mapped] of firstSteps) {
      const required = requiredElements(resource);
      if (!required) {
        warnings.push({
          row: 'spec',
          path: resource,
          message: `required elements of ${resource} are not checked (not in the curated R4 list)`,
        });
        continue;
      }
      for (const name of required) {
        const bare = name.replace('[x]', '');
        const hit = [...mapped].some(m =>
          name.endsWith('[x]') ? m.startsWith(bare) : m === name,
        );
        if (!hit) {
          errors.push({
            row: 'spec',
            path: `${resource}.${name}`,
            message: `required element ${resource}.${name} (min 1 in R4) is not mapped by any row`,
            suggestion: `add a row with destination ${resource}.${name} (a constant if the source has no equivalent)`,
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
