import {
  CHANGE_TYPE_LABELS,
  GATE_STATUS_LABELS,
  MONITORING_CATEGORY_LABELS,
  ROLE_LABELS,
  labelOf,
} from '../labels';
import type { MappingRow } from '../mapping';
import { MONITORING_CATEGORIES } from '../monitoring';
import type { GovernancePolicy } from '../policy/types';
import {
  CHANGE_TYPES,
  ROLES,
  type Gate,
  type IntegrationRecord,
  type Role,
} from '../types';

/**
 * The operating model of an integration: how it runs once live (purpose, systems, data, who
 * approved what, where exceptions go, who supports it, how it changes). Built only from the
 * record, its gates, the approved mapping and the policy, so the same inputs always give the
 * same document and the same hash; a timestamp or a count of page views never enters it.
 */

export interface OperatingModelTable {
  columns: string[];
  rows: string[][];
}

export interface OperatingModelSection {
  /** Stable anchor (`purpose`, `systems`, …). */
  id: string;
  heading: string;
  paragraphs: string[];
  table?: OperatingModelTable;
}

export interface OperatingModelDocument {
  entityRef: string;
  title: string;
  sections: OperatingModelSection[];
}

/** The approved mapping: its version and rows (absent until the mapping review closes). */
export interface ApprovedMapping {
  version: number;
  specHash: string;
  rows: ReadonlyArray<
    Pick<
      MappingRow,
      'id' | 'source' | 'destination' | 'required' | 'phiClass' | 'confirmBy'
    >
  >;
}

export interface OperatingModelInput {
  record: Pick<IntegrationRecord, 'entityRef' | 'title' | 'profile' | 'roles'>;
  gates: ReadonlyArray<
    Pick<
      Gate,
      'id' | 'title' | 'status' | 'approverRoles' | 'decisions' | 'waiver'
    >
  >;
  mapping?: ApprovedMapping;
  policy: Pick<
    GovernancePolicy,
    'gates' | 'changeTypes' | 'specialGates' | 'monitoring'
  >;
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const role = (r: Role) => labelOf(ROLE_LABELS, r);
const day = (iso: string) => iso.slice(0, 10);

function holderOf(input: OperatingModelInput, r: Role) {
  return input.record.roles[r] || 'not assigned';
}

function purpose({ record }: OperatingModelInput): OperatingModelSection {
  const p = record.profile;
  const rows = [
    ['Business reason', p.businessReason],
    ['Patient population', p.patientPopulation],
    ['Urgency', labelOf({}, p.urgency)],
  ];
  if (p.targetLaunch) rows.push(['Target launch', p.targetLaunch]);
  return {
    id: 'purpose',
    heading: 'Purpose',
    paragraphs: [`${record.title} (${record.entityRef}).`],
    table: { columns: ['Item', 'Value'], rows },
  };
}

function systems({ record }: OperatingModelInput): OperatingModelSection {
  const p = record.profile;
  const rows = [
    ['Source system', p.sourceSystem],
    ['Destination system', p.destinationSystem],
    ['Message types', p.messageTypes.join(', ') || 'none listed'],
    ['External vendor', p.externalVendor ? p.vendorName || 'Yes' : 'No'],
  ];
  return {
    id: 'systems',
    heading: 'Systems',
    paragraphs: [],
    table: { columns: ['Item', 'Value'], rows },
  };
}

function dataElements({ mapping }: OperatingModelInput): OperatingModelSection {
  if (!mapping) {
    return {
      id: 'data',
      heading: 'Data elements',
      paragraphs: [
        'No approved mapping yet: the data elements are listed once the data-mapping review is closed.',
      ],
    };
  }
  return {
    id: 'data',
    heading: 'Data elements',
    paragraphs: [
      `From the approved mapping, version ${
        mapping.version
      } (spec hash ${mapping.specHash.slice(0, 12)}).`,
    ],
    table: {
      columns: [
        'Source',
        'Destination',
        'Data class',
        'Required',
        'Confirmed by',
      ],
      rows: mapping.rows.map(r => [
        r.source ?? '(constant)',
        r.destination,
        labelOf({}, r.phiClass),
        yesNo(Boolean(r.required)),
        role(r.confirmBy),
      ]),
    },
  };
}

function approvalsOf(gate: OperatingModelInput['gates'][number]): string {
  if (gate.status === 'waived' && gate.waiver) {
    const until = gate.waiver.expiresAt
      ? ` until ${day(gate.waiver.expiresAt)}`
      : '';
    return `Waived by ${gate.waiver.by} on ${day(gate.waiver.at)}${until}`;
  }
  const approvals = gate.decisions.filter(
    d => d.decision === 'approve' && !d.stale,
  );
  if (!approvals.length) return 'Not yet approved';
  return approvals
    .map(d => `${d.decidedBy} (${role(d.role)}, ${day(d.decidedAt)})`)
    .join('; ');
}

function access(input: OperatingModelInput): OperatingModelSection {
  const p = input.record.profile;
  return {
    id: 'access',
    heading: 'Access rules and approvals',
    paragraphs: [
      `Protected health information: ${yesNo(p.phi)}. Patient-facing: ${yesNo(
        p.patientFacing,
      )}.`,
      `Data classes: ${
        p.dataClasses.map(c => labelOf({}, c)).join(', ') || 'none listed'
      }.`,
    ],
    table: {
      columns: ['Gate', 'Status', 'Approved by'],
      rows: input.gates.map(g => [
        g.title,
        labelOf(GATE_STATUS_LABELS, g.status),
        approvalsOf(g),
      ]),
    },
  };
}

function workflow({ record }: OperatingModelInput): OperatingModelSection {
  const p = record.profile;
  const messages = p.messageTypes.join(', ') || 'its messages';
  const steps = [
    `1. ${p.sourceSystem} sends ${messages} to ${p.destinationSystem}.`,
    `2. ${
      p.downstreamWorkflow
        ? `Downstream: ${p.downstreamWorkflow}`
        : 'No downstream workflow recorded.'
    }`,
    '3. Failures and policy findings open an exception, routed as below.',
  ];
  return { id: 'workflow', heading: 'Expected workflow', paragraphs: steps };
}

function exceptions(input: OperatingModelInput): OperatingModelSection {
  const m = input.policy.monitoring;
  const rows = MONITORING_CATEGORIES.map(c => [
    labelOf(MONITORING_CATEGORY_LABELS, c),
    'Any',
    role(m.routes[c]),
    holderOf(input, m.routes[c]),
  ]);
  for (const k of m.kindRoutes ?? []) {
    rows.push([
      labelOf(MONITORING_CATEGORY_LABELS, k.category),
      labelOf({}, k.kind),
      role(k.role),
      holderOf(input, k.role),
    ]);
  }
  return {
    id: 'exceptions',
    heading: 'Exception routing',
    paragraphs: [],
    table: { columns: ['Category', 'Kind', 'Routed to', 'Holder'], rows },
  };
}

function owners(input: OperatingModelInput): OperatingModelSection {
  // Support and compliance first: they are whom an operator looks for.
  const first: Role[] = ['supportOwner', 'complianceReviewer'];
  const order = [...first, ...ROLES.filter(r => !first.includes(r))];
  return {
    id: 'owners',
    heading: 'Support and compliance owners',
    paragraphs: [],
    table: {
      columns: ['Role', 'Holder'],
      rows: order.map(r => [role(r), holderOf(input, r)]),
    },
  };
}

function changeControl(input: OperatingModelInput): OperatingModelSection {
  const { policy } = input;
  const titleOf = (id: string) =>
    policy.gates.find(g => g.id === id)?.title ?? labelOf({}, id);
  const control = policy.gates.find(
    g => g.id === policy.specialGates.changeControl,
  );
  const approvers = (control?.approverRoles ?? []).map(role).join(' and ');
  return {
    id: 'change-control',
    heading: 'Change-control path',
    paragraphs: [
      `Normal changes are authorised at the ${titleOf(
        policy.specialGates.changeControl,
      )} gate${
        approvers ? ` by the ${approvers}` : ''
      }; emergency changes by the first of them, with a review afterwards.`,
      'Each change authorised and implemented records a new version of this document.',
    ],
    table: {
      columns: ['Change type', 'Standard (pre-authorised) allowed', 'Reopens'],
      rows: CHANGE_TYPES.filter(t => policy.changeTypes[t]).map(t => [
        labelOf(CHANGE_TYPE_LABELS, t),
        yesNo(Boolean(policy.changeTypes[t].standardAllowed)),
        policy.changeTypes[t].reopens.map(titleOf).join(', ') || 'nothing',
      ]),
    },
  };
}

export function operatingModel(
  input: OperatingModelInput,
): OperatingModelDocument {
  return {
    entityRef: input.record.entityRef,
    title: `Operating model: ${input.record.title}`,
    sections: [
      purpose(input),
      systems(input),
      dataElements(input),
      access(input),
      workflow(input),
      exceptions(input),
      owners(input),
      changeControl(input),
    ],
  };
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

/** The document as Markdown (TechDocs, the pack, the diff). One line per paragraph or table row. */
export function operatingModelMarkdown(doc: OperatingModelDocument): string {
  const lines = [`# ${doc.title}`];
  for (const s of doc.sections) {
    lines.push('', `## ${s.heading}`);
    if (s.paragraphs.length) lines.push('', ...s.paragraphs.map(oneLine));
    if (s.table) {
      lines.push(
        '',
        `| ${s.table.columns.map(cell).join(' | ')} |`,
        `| ${s.table.columns.map(() => '---').join(' | ')} |`,
        ...s.table.rows.map(r => `| ${r.map(cell).join(' | ')} |`),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
