import { validateMapping } from './validateMapping';
import { formatDate } from './transforms';
import { primitiveTextProblem } from './fhirPrimitives';

/** The checks that make a wrong mapping an error: types, cardinality, depth, choices, versions. */

const spec = (rows: object[], over: object = {}) => ({
  apiVersion: 'healthcare-integration/v1',
  kind: 'MappingSpec',
  source: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A01' },
  destination: { standard: 'fhir', version: 'R4', resource: 'Patient' },
  rows: rows.map((r, i) => ({
    id: `row-${i}`,
    phiClass: 'demographics',
    meaning: 'test row',
    confirmBy: 'processOwner',
    ...r,
  })),
  ...over,
});
const errorsOf = (rows: object[], over: object = {}) =>
  validateMapping(spec(rows, over)).errors.map(e => `${e.path}: ${e.message}`);

describe('types: the HL7 × FHIR compatibility table', () => {
  it('refuses copies a run could only fail on, and names the transform they need', () => {
    const [ts] = validateMapping(
      spec([{ source: 'PID-29.1', destination: 'Patient.deceasedBoolean' }]),
    ).errors;
    expect(ts.message).toMatch(/DTM is not a FHIR boolean.*use code-map/);
    expect(ts.suggestion).toMatch(/code-map/);
    expect(
      errorsOf([
        { source: 'PID-5[1].1.1', destination: 'Patient.multipleBirthInteger' },
      ]),
    ).toEqual([expect.stringMatching(/ST is not a FHIR integer/)]);
  });

  it('lets a number into an integer with a warning (NM may carry decimals)', () => {
    const result = validateMapping(
      spec([{ source: 'PID-25', destination: 'Patient.multipleBirthInteger' }]),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(w => w.message).join()).toMatch(
      /NM may carry decimals/,
    );
  });

  it('checks constants and code-map values against the R4 regex of the destination', () => {
    expect(
      errorsOf([
        {
          destination: 'Patient.active',
          transform: { type: 'constant', value: 'Y' },
        },
      ]),
    ).toEqual([expect.stringMatching(/"Y" is not a valid FHIR boolean/)]);
    expect(
      errorsOf([
        {
          source: 'PID-30',
          destination: 'Patient.deceasedBoolean',
          transform: { type: 'code-map', table: { Y: 'true', N: 'false' } },
        },
      ]),
    ).toEqual([]);
  });

  it('checks what a date-format writes against the FHIR date type', () => {
    const into = (to: string) =>
      errorsOf([
        {
          source: 'PID-29.1',
          destination: 'Patient.deceasedDateTime',
          transform: { type: 'date-format', from: 'YYYYMMDDHHmmssZZ', to },
        },
      ]);
    expect(into('YYYY-MM-DDTHH:mm:ssZ')).toEqual([]);
    expect(into('YYYY-MM-DD')).toEqual([]);
    expect(into('YYYY-MM-DDTHH:mm:ss')[0]).toMatch(/needs a zone/);
    expect(into('YYYY-MM-DDTHH:mmZ')[0]).toMatch(/always has seconds/);
    expect(into('YYYY-MM-DDTHH:mm:ssZZ')[0]).toMatch(/\+HH:MM/);
  });

  it('suggests a date-format whose output is valid for the destination', () => {
    const [e] = validateMapping(
      spec([{ source: 'PID-29.1', destination: 'Patient.deceasedDateTime' }]),
    ).errors;
    const m = /from: '([^']+)', to: '([^']+)'/.exec(e.suggestion ?? '');
    expect(m).not.toBeNull();
    const out = formatDate('20261125093000-0500', m![1], m![2]);
    expect(out).toBe('2026-11-25T09:30:00-05:00');
    expect(primitiveTextProblem('instant', out)).toBeUndefined();
  });
});

describe('cardinality', () => {
  it('refuses a repeating source into a single destination unless a repetition is named', () => {
    const into = (source: string, destination: string) =>
      errorsOf([{ source, destination }]);
    expect(into('PID-3.1', 'Patient.identifier[0].value')).toEqual([
      expect.stringMatching(
        /PID-3\.1 may repeat but Patient\.identifier\[0\]\.value holds one value \(max 1\)/,
      ),
    ]);
    expect(into('PID-3[1].1', 'Patient.identifier[0].value')).toEqual([]);
    // A repeating destination takes every repetition.
    expect(into('PID-3.1', 'Patient.identifier.value')).toEqual([]);
  });
});

describe('required elements at every depth, and choices', () => {
  const appointment = {
    source: { standard: 'hl7v2', version: '2.5.1', message: 'SIU^S12' },
    destination: { standard: 'fhir', version: 'R4', resource: 'Appointment' },
  };
  const rows = [
    {
      destination: 'Appointment.status',
      transform: { type: 'constant', value: 'booked' },
    },
    {
      source: 'AIP-3[1].1',
      destination: 'Appointment.participant.actor.identifier.value',
    },
  ];

  it('requires the children of an element a row writes into (Appointment.participant.status)', () => {
    expect(errorsOf(rows, appointment)).toEqual([
      expect.stringMatching(
        /^Appointment\.participant\[0\]\.status: required element Appointment\.participant\.status \(min 1 in R4\)/,
      ),
    ]);
    const second = [
      ...rows,
      {
        destination: 'Appointment.participant[0].status',
        transform: { type: 'constant', value: 'accepted' },
      },
      {
        source: 'AIP-3[1].2',
        destination: 'Appointment.participant[1].actor.display',
      },
    ];
    // Each instance is checked: participant[1] has no status either.
    expect(errorsOf(second, appointment)).toEqual([
      expect.stringMatching(/^Appointment\.participant\[1\]\.status: required/),
    ]);
  });

  it('checks every resource type, with no hand-written list (Flag)', () => {
    const flag = errorsOf(
      [{ source: 'PID-5[1].1.1', destination: 'Flag.code.text' }],
      { destination: { standard: 'fhir', version: 'R4', resource: 'Flag' } },
    );
    expect(flag).toEqual([
      expect.stringMatching(/^Flag\.status: required element Flag\.status/),
      expect.stringMatching(/^Flag\.subject: required element Flag\.subject/),
    ]);
  });

  it('refuses two types of one choice element', () => {
    expect(
      errorsOf([
        {
          source: 'PID-30',
          destination: 'Patient.deceasedBoolean',
          transform: { type: 'code-map', table: { Y: 'true', N: 'false' } },
        },
        {
          source: 'PID-29.1',
          destination: 'Patient.deceasedDateTime',
          transform: {
            type: 'date-format',
            from: 'YYYYMMDDHHmmssZZ',
            to: 'YYYY-MM-DDTHH:mm:ssZ',
          },
        },
      ]),
    ).toEqual([
      expect.stringMatching(
        /Patient\.deceased\[x\] is one choice element: rows write deceasedBoolean and deceasedDateTime/,
      ),
    ]);
  });
});

describe('HL7 tables by version', () => {
  const sexMap = {
    source: 'PID-8',
    destination: 'Patient.gender',
    transform: {
      type: 'code-map',
      table: { F: 'female', M: 'male', O: 'other', U: 'unknown' },
    },
  };
  it('reads table 0001 as of the declared version (A and N were added in v2.4)', () => {
    const v23 = {
      source: { standard: 'hl7v2', version: '2.3', message: 'ADT^A01' },
    };
    expect(errorsOf([sexMap], v23)).toEqual([]);
    expect(errorsOf([sexMap])).toEqual([
      expect.stringMatching(
        /table 0001 \(Administrative Sex, v2\.5\.1\) unmapped: A, N$/,
      ),
    ]);
  });

  it('checks codes mapped into any required binding of R4 (HumanName.use)', () => {
    expect(
      errorsOf([
        {
          source: 'PID-5[1].7',
          destination: 'Patient.name.use',
          transform: {
            type: 'code-map',
            table: { L: 'official', A: 'nick-name' },
            default: 'usual',
          },
        },
      ]),
    ).toEqual([expect.stringMatching(/"nick-name" is not in it/)]);
  });
});
