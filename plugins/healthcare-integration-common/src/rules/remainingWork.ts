import {
  EVIDENCE_KIND_LABELS,
  PARTY_LABELS,
  SEVERITY_LABELS,
  STAGE_LABELS,
  TEST_SCENARIO_LABELS,
  labelOf,
  type Party,
} from '../labels';
import type { MappingReview } from '../mapping';
import type { MonitoringSummary, Severity } from '../monitoring';
import {
  STAGES,
  type GovernanceStatus,
  type Role,
  type Stage,
  type TestScenario,
} from '../types';
import {
  awaitedRoles,
  blockerText,
  gateBlockerFacts,
  isGateClosed,
} from './gates';
import { stageBlockers } from './lifecycle';

/**
 * "What is left": every item that still stands between the record and its next stage (and,
 * once live, its open monitoring exceptions), in plain words, each with the party who acts,
 * when it is due and the section of the tab where it is done. Derived only from what the
 * backend returns (status, and if loaded the monitoring summary and the mapping review), with
 * the same blocker rules the engine applies, so the list and the engine cannot disagree.
 */

/** The sections of the governance tab; an item links to one of them. */
export const SECTIONS = [
  'gates',
  'evidence',
  'tests',
  'mapping',
  'changes',
  'monitoring',
  'operating-model',
  'audit',
] as const;
export type Section = (typeof SECTIONS)[number];

export type RemainingKind =
  | 'decision'
  | 'rejection'
  | 'evidence'
  | 'test'
  | 'mapping'
  | 'check'
  | 'exception'
  | 'stage-move';

export interface RemainingItem {
  /** Stable within one status: `gate:<id>`, `evidence:<kind>`, `test:<scenario>`, … */
  key: string;
  kind: RemainingKind;
  /** The item in plain words, e.g. "Upload the Business associate agreement (BAA)". */
  text: string;
  /** Who acts: a role of the record, or the requester. */
  party: Party;
  partyLabel: string;
  /** The entity refs that hold the party (a user or group); show their display names. */
  holders: string[];
  dueAt?: string;
  overdue: boolean;
  /** Gate titles this item waits for first; empty when it can be done now. */
  blockedBy: string[];
  /** Where in the tab it is done: the section and the item's id there. */
  link: { section: Section; id?: string };
}

export interface RemainingWorkInput {
  status: GovernanceStatus;
  monitoring?: MonitoringSummary;
  mapping?: MappingReview;
  now: Date;
}

/**
 * The order of the list, most urgent first: a rejection or a severe exception of a live
 * integration; the current stage's work; moving on once nothing in the stage is left; other
 * exceptions; then later stages' work, nearest stage first (a record in Design needs its tests
 * before its go-live checklist, whatever the due dates say).
 */
const RANK = {
  urgent: 0,
  currentStage: 1,
  moveOn: 2,
  exception: 3,
  laterStage: 4,
} as const;

/** Work for a gate of `gateStage` while the record is in `current` (earlier stages: reopened). */
function stageRank(gateStage: string, current: string): number {
  const distance =
    STAGES.indexOf(gateStage as Stage) - STAGES.indexOf(current as Stage);
  return distance <= 0 ? RANK.currentStage : RANK.laterStage + distance;
}

const SEVERITY_RANK: Record<Severity, number> = {
  critical: 0,
  error: 1,
  warning: 2,
  info: 3,
};

function holdersOf(status: GovernanceStatus, party: Party): string[] {
  const ref =
    party === 'requester'
      ? status.record.requestedBy
      : status.record.roles[party];
  return ref ? [ref] : [];
}

function earlier(a: string | undefined, b: string | undefined) {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

type MappingItem = Pick<
  RemainingItem,
  'key' | 'kind' | 'text' | 'party' | 'link'
>;

/** The mapping check's blocker as work for people, or nothing if it is another check's. */
function mappingWork(blocker: string, mapping?: MappingReview): MappingItem[] {
  const at = { section: 'mapping' as const };
  if (/^no mapping spec stored/.test(blocker)) {
    const text = 'Store the mapping specification and have its rows confirmed';
    return [
      {
        key: 'mapping:spec',
        kind: 'mapping',
        text,
        party: 'technicalOwner',
        link: at,
      },
    ];
  }
  if (/^mapping v\d+ has validation errors/.test(blocker)) {
    const text = 'Fix the validation errors in the mapping specification';
    return [
      {
        key: 'mapping:errors',
        kind: 'mapping',
        text,
        party: 'technicalOwner',
        link: at,
      },
    ];
  }
  if (!/^mapping rows not confirmed/.test(blocker)) return [];
  if (!mapping) {
    const text = 'Confirm the mapping rows';
    return [
      {
        key: 'mapping:rows',
        kind: 'mapping',
        text,
        party: 'technicalOwner',
        link: at,
      },
    ];
  }
  const byRole = new Map<Role, { open: number; disputed: number }>();
  for (const row of mapping.rows) {
    if (row.status === 'confirmed') continue;
    const role = mapping.spec.rows.find(r => r.id === row.id)?.confirmBy;
    if (!role) continue;
    const counts = byRole.get(role) ?? { open: 0, disputed: 0 };
    counts.open += 1;
    if (row.status === 'disputed') counts.disputed += 1;
    byRole.set(role, counts);
  }
  return [...byRole].map(([role, { open, disputed }]) => ({
    key: `mapping:${role}`,
    kind: 'mapping',
    text: `Confirm ${open} of ${mapping.rows.length} mapping rows${
      disputed ? ` (${disputed} disputed)` : ''
    }`,
    party: role,
    link: at,
  }));
}

function testText(result: string | undefined, name: string): string {
  if (result === 'passed')
    return `Attach test evidence to the passed “${name}” test`;
  if (result === 'failed') return `Fix and re-run the failed “${name}” test`;
  return `Run the “${name}” test and record its result`;
}

/** Every item left, most urgent first. */
export function remainingWork(input: RemainingWorkInput): RemainingItem[] {
  const { status, monitoring, mapping, now } = input;
  const nowIso = now.toISOString();
  const items = new Map<string, RemainingItem & { rank: number }>();
  const add = (
    item: Omit<RemainingItem, 'partyLabel' | 'holders' | 'overdue'> & {
      rank: number;
      holders?: string[];
    },
  ) => {
    const existing = items.get(item.key);
    if (existing) {
      existing.dueAt = earlier(existing.dueAt, item.dueAt);
      existing.overdue = !!existing.dueAt && existing.dueAt < nowIso;
      existing.rank = Math.min(existing.rank, item.rank);
      return;
    }
    items.set(item.key, {
      ...item,
      partyLabel: PARTY_LABELS[item.party],
      holders: item.holders ?? holdersOf(status, item.party),
      overdue: !!item.dueAt && item.dueAt < nowIso,
    });
  };

  const open = status.gates.filter(g => !isGateClosed(g.status));
  for (const gate of open) {
    const rank = stageRank(gate.stage, status.record.stage);
    const facts = gateBlockerFacts(
      gate,
      status.gates,
      status.evidence,
      status.tests,
      now,
    );
    const ruleTexts = new Set(facts.map(blockerText));
    const blockedBy: string[] = [];
    for (const fact of facts) {
      if (fact.kind === 'prerequisite') {
        blockedBy.push(fact.title);
      } else if (fact.kind === 'tests-not-passed') {
        for (const scenario of fact.scenarios) {
          const test = status.tests.find(t => t.scenario === scenario);
          const name = labelOf(TEST_SCENARIO_LABELS, scenario);
          add({
            key: `test:${scenario}`,
            kind: 'test',
            text: testText(test?.result, name),
            party: 'testOwner',
            holders: test?.owner ? [test.owner] : undefined,
            dueAt: gate.dueAt,
            blockedBy: [],
            link: { section: 'tests', id: scenario as TestScenario },
            rank,
          });
        }
        blockedBy.push('the test matrix');
      } else {
        const name = labelOf(EVIDENCE_KIND_LABELS, fact.evidenceKind);
        add({
          key: `evidence:${fact.evidenceKind}`,
          kind: 'evidence',
          text:
            fact.kind === 'evidence-expired'
              ? `Upload a current ${name}: the last one expired on ${fact.expiredAt.slice(
                  0,
                  10,
                )}`
              : `Upload the ${name}`,
          party: 'requester',
          dueAt: gate.dueAt,
          blockedBy: [],
          link: { section: 'evidence', id: fact.evidenceKind },
          rank,
        });
        blockedBy.push(name);
      }
    }
    // Blockers the rules above did not produce come from approval checks: the plugin's
    // mapping check (the mapping review, when loaded, says row by row what is left) and
    // modules' checks (shown as they word them).
    for (const extra of gate.blockers.filter(b => !ruleTexts.has(b))) {
      const mappingItems = mappingWork(extra, mapping);
      for (const m of mappingItems) {
        add({ ...m, dueAt: gate.dueAt, blockedBy: [], rank });
      }
      if (mappingItems.length) {
        blockedBy.push('the mapping review');
        continue;
      }
      add({
        key: `check:${gate.id}:${extra}`,
        kind: 'check',
        text: `${gate.title}: ${extra}`,
        party: 'requester',
        dueAt: gate.dueAt,
        blockedBy: [],
        link: { section: 'gates', id: gate.id },
        rank,
      });
      blockedBy.push(extra);
    }
    if (gate.status === 'rejected') {
      add({
        key: `gate:${gate.id}`,
        kind: 'rejection',
        text: `Answer the rejection of “${gate.title}” and ask for a new review`,
        party: 'requester',
        dueAt: gate.dueAt,
        blockedBy: [],
        link: { section: 'gates', id: gate.id },
        rank: RANK.urgent,
      });
      continue;
    }
    const live = gate.decisions.filter(d => !d.stale);
    const waiting: Role[] = awaitedRoles(gate.approverRoles, live);
    const roles = waiting.length ? waiting : gate.approverRoles;
    add({
      key: `gate:${gate.id}`,
      kind: 'decision',
      text: `Decide “${gate.title}”`,
      party: roles[0],
      holders: roles.flatMap(r => holdersOf(status, r)),
      dueAt: gate.dueAt,
      blockedBy,
      link: { section: 'gates', id: gate.id },
      rank,
    });
  }

  const live = ['live', 'change'].includes(status.record.stage);
  for (const ex of monitoring?.exceptions ?? []) {
    if (ex.status === 'resolved' || ex.recoveredAt) continue;
    add({
      key: `exception:${ex.id}`,
      kind: 'exception',
      text: `${
        ex.status === 'open' ? 'Acknowledge and resolve' : 'Resolve'
      } the ${SEVERITY_LABELS[ex.severity].toLocaleLowerCase(
        'en-US',
      )} exception “${labelOf({}, ex.kind)}”${
        ex.count > 1 ? ` (${ex.count} events)` : ''
      }`,
      party: ex.routedRole,
      holders: [ex.routedTo],
      blockedBy: [],
      link: { section: 'monitoring', id: ex.id },
      // Severe exceptions of a live integration come before anything else.
      rank:
        live && SEVERITY_RANK[ex.severity] <= 1 ? RANK.urgent : RANK.exception,
    });
  }

  const { stage } = status.record;
  if (
    status.nextStage &&
    stageBlockers(status.gates, stage, status.nextStage).length === 0
  ) {
    add({
      key: 'stage-move',
      kind: 'stage-move',
      text: `Move the integration to ${STAGE_LABELS[status.nextStage]}`,
      party: 'technicalOwner',
      blockedBy: [],
      link: { section: 'gates' },
      rank: RANK.moveOn,
    });
  }

  return [...items.values()]
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(a.blockedBy.length > 0) - Number(b.blockedBy.length > 0) ||
        (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'),
    )
    .map(({ rank: _rank, ...item }) => item);
}

/** The one thing to do next: the first item left that nothing blocks. */
export function nextRemaining(
  items: RemainingItem[],
): RemainingItem | undefined {
  return items.find(i => i.blockedBy.length === 0) ?? items[0];
}
