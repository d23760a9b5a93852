import { DEFAULT_POLICY } from '../policy/defaultPolicy';
import type { Gate, RoleHolders } from '../types';
import { diffOperatingModel } from './diff';
import {
  operatingModel,
  operatingModelMarkdown,
  type OperatingModelInput,
} from './document';

const roles: RoleHolders = {
  businessOwner: 'user:default/bea',
  technicalOwner: 'user:default/tom',
  processOwner: 'user:default/pat',
  securityReviewer: 'user:default/sam',
  complianceReviewer: 'user:default/cora',
  testOwner: 'user:default/tess',
  supportOwner: 'group:default/integration-support',
};

const gate = (
  id: string,
  status: Gate['status'],
  decisions: Gate['decisions'] = [],
) => {
  const p = DEFAULT_POLICY.gates.find(g => g.id === id)!;
  return {
    id,
    title: p.title,
    status,
    approverRoles: p.approverRoles,
    decisions,
  };
};

const approval = (role: Gate['decisions'][number]['role'], by: string) => ({
  role,
  decidedBy: by,
  decidedAt: '2026-11-20T10:00:00.000Z',
  decision: 'approve' as const,
  comment: 'ok',
  profileRevision: 1,
  evidenceDigest: 'd',
  stale: false,
});

const input: OperatingModelInput = {
  record: {
    entityRef: 'component:default/portal-results-feed',
    title: 'Lab results to the patient portal',
    roles,
    profile: {
      phi: true,
      externalVendor: true,
      vendorName: 'Acme Labs',
      patientFacing: true,
      dataClasses: ['lab-results', 'demographics'],
      messageTypes: ['ORU^R01'],
      sourceSystem: 'Acme LIS',
      destinationSystem: 'Patient portal',
      patientPopulation: 'Adult outpatients',
      businessReason: 'Patients see their results\nwithout calling the clinic',
      urgency: 'high',
      downstreamWorkflow: 'Clinician releases results after review',
    },
  },
  gates: [
    gate('intake', 'approved', [
      approval('businessOwner', 'user:default/bea'),
      { ...approval('businessOwner', 'user:default/old'), stale: true },
    ]),
    gate('security-review', 'pending'),
  ],
  mapping: {
    version: 3,
    specHash: 'abcdef0123456789',
    rows: [
      {
        id: 'mrn',
        source: 'PID-3[1].1',
        destination: 'Patient.identifier.value',
        required: true,
        phiClass: 'demographics',
        confirmBy: 'processOwner',
      },
    ],
  },
  policy: DEFAULT_POLICY,
};

describe('operatingModel', () => {
  const doc = operatingModel(input);
  const section = (id: string) => doc.sections.find(s => s.id === id)!;

  it('has the sections the issue names, in order', () => {
    expect(doc.sections.map(s => s.heading)).toEqual([
      'Purpose',
      'Systems',
      'Data elements',
      'Access rules and approvals',
      'Expected workflow',
      'Exception routing',
      'Support and compliance owners',
      'Change-control path',
    ]);
  });

  it('lists the approved mapping rows with the role that confirmed each', () => {
    expect(section('data').paragraphs[0]).toContain('version 3');
    expect(section('data').table!.rows).toEqual([
      [
        'PID-3[1].1',
        'Patient.identifier.value',
        'Demographics',
        'Yes',
        'Clinical process owner',
      ],
    ]);
  });

  it('says there is no approved mapping rather than listing nothing', () => {
    const without = operatingModel({ ...input, mapping: undefined });
    expect(without.sections[2].table).toBeUndefined();
    expect(without.sections[2].paragraphs[0]).toMatch(/No approved mapping/);
  });

  it('names who approved each gate, leaving out stale approvals', () => {
    expect(section('access').table!.rows).toEqual([
      [
        'Intake review',
        'Approved',
        'user:default/bea (Business owner, 2026-11-20)',
      ],
      ['Security review', 'Pending', 'Not yet approved'],
    ]);
  });

  it('routes each exception category to the role the policy names, with its holder', () => {
    const rows = section('exceptions').table!.rows;
    const route = DEFAULT_POLICY.monitoring.routes.clinical;
    expect(rows.find(r => r[0] === 'Clinical')![3]).toBe(roles[route]);
  });

  it('puts support and compliance owners first', () => {
    expect(section('owners').table!.rows.slice(0, 2)).toEqual([
      ['Support owner', 'group:default/integration-support'],
      ['Compliance reviewer', 'user:default/cora'],
    ]);
  });

  it('uses human names, never role keys or slugs', () => {
    const md = operatingModelMarkdown(doc);
    for (const slug of [
      'businessOwner',
      'processOwner',
      'supportOwner',
      'new-field',
      'change-control',
      'lab-results',
      'in-review',
    ])
      expect(md).not.toContain(slug);
    expect(md).toContain('| New field |');
  });

  it('renders Markdown with one line per paragraph and escaped cells', () => {
    const md = operatingModelMarkdown(
      operatingModel({
        ...input,
        record: {
          ...input.record,
          profile: { ...input.record.profile, sourceSystem: 'LIS | east' },
        },
      }),
    );
    expect(md).toContain('| Source system | LIS \\| east |');
    expect(md).toContain(
      '| Business reason | Patients see their results without calling the clinic |',
    );
    expect(md.startsWith('# Operating model: Lab results')).toBe(true);
  });
});

describe('diffOperatingModel', () => {
  const a = operatingModel(input);

  it('finds no change between equal documents', () => {
    const d = diffOperatingModel(a, operatingModel(input));
    expect([d.added, d.removed]).toEqual([0, 0]);
  });

  it('marks the replaced line removed then added, in its section', () => {
    const b = operatingModel({
      ...input,
      record: {
        ...input.record,
        roles: { ...roles, supportOwner: 'group:default/night-desk' },
      },
    });
    const d = diffOperatingModel(a, b);
    const changed = d.lines.filter(l => l.kind !== 'unchanged');
    // The support owner appears in the owners table and in every route to support.
    const ownerLines = changed.filter(
      l => l.section === 'Support and compliance owners',
    );
    expect(ownerLines).toEqual([
      {
        kind: 'removed',
        section: 'Support and compliance owners',
        text: '| Support owner | group:default/integration-support |',
      },
      {
        kind: 'added',
        section: 'Support and compliance owners',
        text: '| Support owner | group:default/night-desk |',
      },
    ]);
    expect(d.added).toBe(d.removed);
    expect(d.lines.filter(l => l.kind !== 'added').map(l => l.text)).toEqual(
      operatingModelMarkdown(a).trimEnd().split('\n'),
    );
  });

  it('shows a new data element as an added line only', () => {
    const b = operatingModel({
      ...input,
      mapping: {
        ...input.mapping!,
        rows: [
          ...input.mapping!.rows,
          {
            id: 'dob',
            source: 'PID-7',
            destination: 'Patient.birthDate',
            required: false,
            phiClass: 'demographics',
            confirmBy: 'processOwner',
          },
        ],
      },
    });
    const d = diffOperatingModel(a, b);
    expect(d.removed).toBe(0);
    expect(d.lines.filter(l => l.kind === 'added')).toEqual([
      {
        kind: 'added',
        section: 'Data elements',
        text: '| PID-7 | Patient.birthDate | Demographics | No | Clinical process owner |',
      },
    ]);
  });
});
