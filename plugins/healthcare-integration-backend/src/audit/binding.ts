import {
  canonicalJson,
  type AuditEvent,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { boundStateOf } from './boundState';
import { NODE, comparePaths, flatten, formatPath } from './flatPaths';
import type { RecordSections } from './recordSections';
import {
  UNKNOWN,
  pathKey,
  replayChain,
  type GateCoverage,
  type Replay,
} from './replay';

export { boundStateOf } from './boundState';
export { formatPath } from './flatPaths';
export {
  readRecordSections,
  type MappingConfirmationSection,
  type MappingVersionSection,
  type RecordSections,
} from './recordSections';

/**
 * Binding: the record sections (tables in the database, or the sections of an evidence pack)
 * must be exactly what the chain implies. A gate set to approved without an approval event,
 * a decision whose approver was changed, an evidence hash swapped, a waiver that was never
 * granted: each is a difference naming the field and the event.
 */

export interface BindingDifference {
  /** e.g. `gates[security-review].decisions[securityReviewer #1].decidedBy`. */
  field: string;
  /** The event that set (or should have set) the field, when the chain knows it. */
  seq?: number;
  recorded?: unknown;
  derived?: unknown;
  message: string;
}

export interface BindingResult {
  ok: boolean;
  /** Events replayed. */
  events: number;
  differences: BindingDifference[];
  /** Actions the replay does not interpret (not an error; listed for the reader). */
  unknownActions: string[];
}

const show = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v) : String(v);

/**
 * Compares the sections with the chain's replay. `label` names the compared side in messages
 * ("the pack", "the database").
 */
export function compareWithChain(
  events: AuditEvent[],
  sections: RecordSections,
  label: string,
  replayed: Replay = replayChain(events, coverageOf(sections)),
): BindingResult {
  const derived = flatten(replayed.state);
  const recorded = flatten(boundStateOf(sections));
  const seqOf = (path: string[]) => {
    for (let n = path.length; n > 0; n--) {
      const seq = replayed.provenance.get(pathKey(path.slice(0, n)));
      if (seq !== undefined) return seq;
    }
    return undefined;
  };
  const differences: BindingDifference[] = [];
  const reportedNodes = new Set<string>();
  const underReported = (path: string[]) => {
    for (let n = path.length - 1; n > 0; n--)
      if (reportedNodes.has(pathKey(path.slice(0, n)))) return true;
    return false;
  };
  const at = (seq?: number) => (seq ? ` (event ${seq})` : '');

  const keys = [...new Set([...derived.keys(), ...recorded.keys()])]
    .map(k => ({ k, path: (derived.get(k) ?? recorded.get(k))!.path }))
    .sort((a, b) => comparePaths(a.path, b.path))
    .map(x => x.k);
  for (const key of keys) {
    const d = derived.get(key);
    const r = recorded.get(key);
    const path = (d ?? r)!.path;
    if (underReported(path)) continue;
    const field = formatPath(path);
    if (d?.value === UNKNOWN) continue;
    const seq = seqOf(path);
    if (d && !r) {
      if (d.value === NODE) {
        reportedNodes.add(key);
        differences.push({
          field,
          seq,
          message: `${field}: the chain records it${at(
            seq,
          )}, but ${label} has no such entry`,
        });
      } else {
        differences.push({
          field,
          seq,
          derived: d.value,
          message: `${field}: ${label} has no value; the chain says ${show(
            d.value,
          )}${at(seq)}`,
        });
      }
      continue;
    }
    if (r && !d) {
      if (r.value === NODE) {
        reportedNodes.add(key);
        differences.push({
          field,
          message: `${field}: in ${label}, but no event in the chain records it`,
        });
      } else {
        differences.push({
          field,
          seq,
          recorded: r.value,
          message: `${field}: ${label} says ${show(
            r.value,
          )}; the chain has no such value${at(seq)}`,
        });
      }
      continue;
    }
    if (d!.value === NODE && r!.value === NODE) continue;
    if (canonicalJson(d!.value) !== canonicalJson(r!.value)) {
      differences.push({
        field,
        seq,
        recorded: r!.value,
        derived: d!.value,
        message: `${field}: ${label} says ${show(
          r!.value,
        )}; the chain says ${show(d!.value)}${at(seq)}`,
      });
    }
  }
  return {
    ok: differences.length === 0,
    events: replayed.events,
    differences,
    unknownActions: [...new Set(replayed.unknownActions)],
  };
}

/** What each gate covers (its evidence kinds, the test matrix), to tell what an approver saw. */
export function coverageOf(
  sections: Pick<RecordSections, 'gates'>,
): Map<string, GateCoverage> {
  return new Map(
    (sections.gates ?? []).map(g => [
      g.id,
      {
        evidenceKinds: [...(g.evidenceKinds ?? [])],
        requiresTestMatrix: Boolean(g.requiresTestMatrix),
      },
    ]),
  );
}
