import {
  MappingSpec,
  mappingSpecSchema,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { runMapping, SampleError } from './runMapping';
import { formatDate, TransformError } from './transforms';
import { Hl7Message } from './hl7Message';
import { sample, sampleSpec } from './testSamples';

const NOW = new Date('2026-11-25T10:00:00Z');
const load = (name: string): MappingSpec =>
  mappingSpecSchema.parse(sampleSpec(name));

describe('runMapping', () => {
  it('maps the ORM^O01 sample to a valid R4 ServiceRequest', () => {
    const run = runMapping(
      load('ehr-lab-orders'),
      sample('hl7v2/orm-o01.hl7'),
      'hl7v2',
      NOW,
    );
    expect(run.rows.filter(r => r.outcome !== 'mapped')).toEqual([]);
    expect(run.output).toEqual({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      identifier: [{ value: 'ORD448812' }],
      subject: { identifier: { value: 'MRN100234' } },
      code: {
        coding: [
          {
            code: '2345-7',
            display: 'Glucose [Mass/volume] in Serum or Plasma',
            system: 'http://loinc.org',
          },
        ],
      },
      priority: 'routine',
      authoredOn: '2026-11-24T09:12:00-06:00',
      requester: { identifier: { value: '1234567890' } },
    });
    expect(run.outputIssues.errors).toEqual([]);
  });

  it('reports missing required data per row and the invalid output it leads to', () => {
    const run = runMapping(
      load('ehr-lab-orders'),
      sample('hl7v2/orm-o01-missing-data.hl7'),
      'hl7v2',
      NOW,
    );
    const byRow = Object.fromEntries(run.rows.map(r => [r.row, r.outcome]));
    expect(byRow).toMatchObject({
      'patient-mrn': 'missing-required',
      'test-code': 'missing-required',
      'test-name': 'missing-optional',
      'order-status': 'mapped',
    });
    expect(run.outputIssues.errors).toEqual([
      expect.objectContaining({
        path: 'ServiceRequest.subject',
        message: expect.stringContaining('required element'),
      }),
    ]);
  });

  it('maps ADT^A01 to a Bundle of Patient and Encounter, both valid R4', () => {
    const run = runMapping(
      load('adt-analytics-feed'),
      sample('hl7v2/adt-a01.hl7'),
      'hl7v2',
      NOW,
    );
    expect(run.rows.every(r => r.outcome === 'mapped')).toBe(true);
    const bundle = run.output as any;
    expect(bundle.resourceType).toBe('Bundle');
    const [encounter, patient] = bundle.entry.map((e: any) => e.resource);
    expect(encounter).toMatchObject({
      resourceType: 'Encounter',
      status: 'in-progress',
      class: {
        code: 'IMP',
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      },
      period: { start: '2026-11-24T08:25:00-06:00' },
      location: [{ location: { display: '4W' } }],
    });
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      identifier: [{ value: 'MRN100234' }],
      name: [{ family: 'Testperson', given: ['Jamie'] }],
      birthDate: '1980-04-12',
      gender: 'female',
    });
    expect(run.outputIssues.errors).toEqual([]);
  });

  it('maps a FHIR Observation to an HL7 v2 message that parses back', () => {
    const run = runMapping(
      load('lab-results-portal'),
      sample('fhir/observation.json'),
      'fhir-json',
      NOW,
    );
    expect(run.rows.every(r => r.outcome === 'mapped')).toBe(true);
    const msg = Hl7Message.parse(run.output as string);
    expect(msg.get('MSH-9.1')).toBe('ORU');
    expect(msg.get('MSH-12')).toBe('2.5.1');
    expect(msg.get('OBX-3.1')).toBe('2345-7');
    expect(msg.get('OBX-5')).toBe('98');
    expect(msg.get('OBX-11')).toBe('F');
    expect(msg.get('OBX-14.1')).toBe('20261124093000-0600');
  });

  it('records a transform error for a code the map does not know', () => {
    const spec = load('adt-analytics-feed');
    const text = sample('hl7v2/adt-a01.hl7').replace(
      '|19800412|F|',
      '|19800412|X|',
    );
    const run = runMapping(spec, text, 'hl7v2', NOW);
    expect(run.rows.find(r => r.row === 'administrative-sex')).toMatchObject({
      outcome: 'transform-error',
      message: 'code "X" is not in the code map and the map has no default',
    });
  });

  it('reports the HL7 null as sent explicitly empty, and a birth date with an offset', () => {
    const spec = load('adt-analytics-feed');
    const text = sample('hl7v2/adt-a01.hl7').replace(
      '|19800412|F|',
      '|19800412000000-0600|""|',
    );
    const run = runMapping(spec, text, 'hl7v2', NOW);
    const rows = Object.fromEntries(run.rows.map(r => [r.row, r]));
    expect(rows['administrative-sex']).toMatchObject({
      outcome: 'missing-optional',
      nullValue: true,
      message: expect.stringContaining('HL7 null'),
    });
    expect(rows['postal-code'].nullValue).toBeUndefined();
    expect(rows['birth-date']).toMatchObject({
      outcome: 'mapped',
      value: '1980-04-12',
    });
  });

  it('refuses a sample that does not fit the source', () => {
    const spec = load('ehr-lab-orders');
    expect(() =>
      runMapping(spec, sample('hl7v2/adt-a01.hl7'), 'hl7v2', NOW),
    ).toThrow(/MSH-9 is ADT\^A01/);
    expect(() => runMapping(spec, '{}', 'fhir-json', NOW)).toThrow(SampleError);
    expect(() => runMapping(spec, 'not hl7', 'hl7v2', NOW)).toThrow(
      /starts with an MSH/,
    );
    expect(() =>
      runMapping(spec, `\x0b${sample('hl7v2/orm-o01.hl7')}`, 'hl7v2', NOW),
    ).toThrow(/Invalid message: Incomplete MLLP frame/);
    expect(() =>
      runMapping(
        load('lab-results-portal'),
        sample('fhir/patient.json'),
        'fhir-json',
        NOW,
      ),
    ).toThrow(/resourceType is Patient/);
  });
});

describe('formatDate', () => {
  it.each([
    ['19800412', 'YYYYMMDDHHmmss', 'YYYY-MM-DD', '1980-04-12'],
    [
      '20261124091200-0600',
      'YYYYMMDDHHmmssZZ',
      'YYYY-MM-DDTHH:mm:ssZ',
      '2026-11-24T09:12:00-06:00',
    ],
    // An hour-precision time gets :00:00 (FHIR times carry seconds), the offset is kept.
    [
      '2026112409-0600',
      'YYYYMMDDHHmmssZZ',
      'YYYY-MM-DDTHH:mm:ssZ',
      '2026-11-24T09:00:00-06:00',
    ],
    // Fractions of seconds are kept.
    [
      '20261124091200.1234+0100',
      'YYYYMMDDHHmmssZZ',
      'YYYY-MM-DDTHH:mm:ssZ',
      '2026-11-24T09:12:00.1234+01:00',
    ],
    // An HL7 TS may carry an offset whatever the pattern says; a date keeps the local day.
    ['19641028000000-0600', 'YYYYMMDDHHmmss', 'YYYY-MM-DD', '1964-10-28'],
    [
      '2026-11-24T09:30:00Z',
      'YYYY-MM-DDTHH:mm:ssZ',
      'YYYYMMDDHHmmssZZ',
      '20261124093000+0000',
    ],
  ])('%s (%s → %s)', (value, from, to, expected) => {
    expect(formatDate(value, from, to)).toBe(expected);
  });

  it('never writes a time with a zone it did not carry', () => {
    expect(() =>
      formatDate('2026112409', 'YYYYMMDDHHmmssZZ', 'YYYY-MM-DDTHH:mm:ssZ'),
    ).toThrow(/has a time but no UTC offset/);
  });

  it.each(['19801312', '1980041', 'abc', '19800412X', '19800230'])(
    'rejects %s',
    value => {
      expect(() => formatDate(value, 'YYYYMMDD', 'YYYY-MM-DD')).toThrow(
        TransformError,
      );
    },
  );
});
