import { mappingSpecSchema } from '@hcig/backstage-plugin-healthcare-integration-common';
import { validateMapping } from './validateMapping';
import { checkFhirPath, validateFhirResource } from './fhirModel';
import { sample, sampleSpec } from './testSamples';

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

describe('validateMapping: shipped examples', () => {
  it.each(['ehr-lab-orders', 'adt-analytics-feed', 'lab-results-portal'])(
    '%s is valid',
    name => {
      const result = validateMapping(sample(`mappings/${name}.yaml`));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it('rejects the broken example with row-level errors and suggestions', () => {
    const result = validateMapping(sampleSpec('broken'));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        row: 'last-update',
        path: 'PID-33.9',
        message: expect.stringMatching(
          /PID-33 \(Last Update Date\/Time, TS\) has no component 9; TS has 2 components/,
        ),
      }),
      {
        row: 'birth-date',
        path: 'Patient.birthdate',
        message: expect.stringContaining('no element "birthdate"'),
        suggestion: 'Patient.birthDate',
      },
      expect.objectContaining({
        row: 'administrative-sex',
        path: 'PID-8',
        message: expect.stringMatching(/table 0001 .* unmapped: A, N, O, U/),
      }),
    ]);
  });
});

describe('validateMapping: HL7 v2 paths', () => {
  const errorsOf = (source: string, version = '2.5.1') =>
    validateMapping(
      spec([{ source, destination: 'Patient.id' }], {
        source: { standard: 'hl7v2', version, message: 'ADT^A01' },
      }),
    ).errors;

  it('checks segments, fields, components and subcomponents against the declared version', () => {
    expect(errorsOf('PID-3[1].4.1')).toEqual([]);
    expect(errorsOf('PID-40')[0].message).toMatch(
      /PID-40 does not exist: PID .* has 39 fields in v2\.5\.1/,
    );
    expect(errorsOf('PID-8.2')[0].message).toMatch(
      /primitive type and has no component 2/,
    );
    expect(errorsOf('PID-3.4.9')[0].message).toMatch(
      /HD\) has no subcomponent 9/,
    );
    // PID-39 (Tribal Citizenship) is new in 2.6: unknown in 2.3
    expect(errorsOf('PID-39[1]', '2.6')).toEqual([]);
    expect(errorsOf('PID-39', '2.3')[0].message).toMatch(/does not exist/);
  });

  it('suggests the nearest segment, refuses repetitions of a non-repeating field', () => {
    expect(errorsOf('PIX-3.1')[0]).toMatchObject({
      path: 'PIX-3.1',
      suggestion: 'PID-3.1',
    });
    expect(errorsOf('PID-7[2]')[0].message).toMatch(/does not repeat/);
    expect(errorsOf('PID3')[0].message).toMatch(/not an HL7 v2 path/);
  });

  it('warns when a segment is not part of the message structure', () => {
    const result = validateMapping(
      spec([{ source: 'ORC-1', destination: 'Patient.id' }]),
    );
    expect(result.warnings.map(w => w.message)).toContain(
      'segment ORC is not part of this message structure in v2.5.1',
    );
  });

  it('refuses an unknown HL7 version', () => {
    const result = validateMapping(
      spec([{ source: 'PID-3.1', destination: 'Patient.id' }], {
        source: { standard: 'hl7v2', version: '2.9', message: 'ADT^A01' },
      }),
    );
    expect(result.errors[0]).toMatchObject({
      row: 'spec',
      path: 'source.version',
    });
  });
});

describe('validateMapping: FHIR paths', () => {
  const check = (destination: string, extra: object = {}) =>
    validateMapping(spec([{ source: 'PID-3[1].1', destination, ...extra }]));

  it('requires choice elements to name a type, and accepts typed choice names', () => {
    const obs = {
      destination: { standard: 'fhir', version: 'R4', resource: 'Observation' },
    };
    const base = [
      {
        id: 'st',
        destination: 'Observation.status',
        transform: { type: 'constant', value: 'final' },
      },
      {
        id: 'code',
        source: 'OBX-3.1',
        destination: 'Observation.code.coding.code',
      },
    ];
    const ok = validateMapping(
      spec(
        [
          ...base,
          { source: 'OBX-5[1]', destination: 'Observation.valueString' },
        ],
        obs,
      ),
    );
    expect(ok.errors).toEqual([]);
    const bad = validateMapping(
      spec(
        [...base, { source: 'OBX-5', destination: 'Observation.value' }],
        obs,
      ),
    );
    expect(bad.errors[0]).toMatchObject({
      path: 'Observation.value',
      suggestion: 'Observation.valueQuantity',
    });
    const x = validateMapping(
      spec(
        [...base, { source: 'OBX-5', destination: 'Observation.value[x]' }],
        obs,
      ),
    );
    expect(x.errors[0].message).toMatch(/must name the type/);
  });

  it('names complex destinations, non-repeating indexes and unknown resources', () => {
    expect(check('Patient.name').errors[0].message).toMatch(
      /Patient.name is a HumanName, not a single value/,
    );
    expect(check('Patient.gender[0]').errors[0].message).toMatch(
      /does not repeat/,
    );
    expect(check('Patinet.id').errors[0]).toMatchObject({
      suggestion: 'Patient.id',
    });
    expect(check('Patient.contact.name.famly').errors[0]).toMatchObject({
      suggestion: 'Patient.contact.name.family',
    });
  });

  it('refuses an HL7 timestamp copied into a FHIR date', () => {
    const result = check('Patient.birthDate', { source: 'PID-7.1' });
    expect(result.errors[0]).toMatchObject({
      row: 'row-0',
      path: 'Patient.birthDate',
      suggestion: expect.stringContaining('date-format'),
    });
  });

  it('checks codes mapped into required value sets', () => {
    const result = check('Patient.gender', {
      source: 'PID-8',
      transform: {
        type: 'code-map',
        table: { F: 'female', M: 'Male' },
        default: 'unknown',
      },
    });
    expect(result.errors[0]).toMatchObject({
      message: expect.stringContaining('"Male" is not in it'),
      suggestion: 'male',
    });
  });

  it('reports required destination elements no row maps', () => {
    const result = validateMapping(
      spec(
        [{ source: 'OBX-3.1', destination: 'Observation.code.coding.code' }],
        {
          destination: {
            standard: 'fhir',
            version: 'R4',
            resource: 'Observation',
          },
        },
      ),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        row: 'spec',
        path: 'Observation.status',
        message: expect.stringContaining('min 1'),
      }),
    ]);
  });

  it('validates a FHIR source path and its resource type', () => {
    const result = validateMapping({
      ...spec([
        {
          source: 'Patient.birthDate',
          destination: 'PID-7.1',
          transform: {
            type: 'date-format',
            from: 'YYYY-MM-DD',
            to: 'YYYYMMDD',
          },
        },
      ]),
      source: { standard: 'fhir', version: 'R4', resource: 'Observation' },
      destination: { standard: 'hl7v2', version: '2.5.1', message: 'ADT^A08' },
    });
    expect(result.errors[0].message).toMatch(
      /must start with the source resource Observation/,
    );
  });
});

describe('validateMapping: code maps, transforms and schema', () => {
  it('warns on a code map without default when the table values are unknown', () => {
    const result = validateMapping(
      spec([
        {
          source: 'PID-10[1].1',
          destination: 'Patient.id',
          transform: { type: 'code-map', table: { '2106-3': 'white' } },
        },
      ]),
    );
    expect(result.valid).toBe(true);
    expect(result.warnings.map(w => w.message).join()).toMatch(/no default/);
  });

  it('rejects bad date patterns and unparsable fhirpath', () => {
    const result = validateMapping(
      spec([
        {
          source: 'PID-7.1',
          destination: 'Patient.birthDate',
          transform: {
            type: 'date-format',
            from: 'YYYYMMDDQQ',
            to: 'YYYY-MM-DD',
          },
        },
        {
          source: 'PID-3.1',
          destination: 'Patient.id',
          transform: { type: 'fhirpath', expression: 'value.(((' },
        },
      ]),
    );
    expect([...new Set(result.errors.map(e => e.row))]).toEqual([
      'row-0',
      'row-1',
    ]);
    expect(result.errors.map(e => e.message).join()).toMatch(
      /may only use YYYY, MM, DD/,
    );
  });

  it('names the row id and field of a schema error, and YAML errors', () => {
    const result = validateMapping(
      spec([
        {
          id: 'mrn',
          source: 'PID-3.1',
          destination: 'Patient.id',
          confirmBy: 'nobody',
        },
      ]),
    );
    expect(result.errors[0]).toMatchObject({ row: 'mrn', path: 'confirmBy' });
    expect(validateMapping('rows: [').errors[0]).toMatchObject({
      row: 'spec',
      path: '(yaml)',
    });
    const dup = validateMapping(
      spec([
        { id: 'a', source: 'PID-3.1', destination: 'Patient.id' },
        { id: 'a', source: 'PID-3.1', destination: 'Patient.id' },
      ]),
    );
    expect(dup.errors[0].message).toMatch(/duplicate row id a/);
  });

  it('checks custom layouts by column name', () => {
    const result = validateMapping(
      spec([{ source: 'mrn_no', destination: 'Patient.identifier.value' }], {
        source: {
          standard: 'custom',
          layout: 'billing-csv',
          columns: ['mrn_num', 'dob'],
        },
      }),
    );
    expect(result.errors[0]).toMatchObject({
      row: 'row-0',
      suggestion: 'mrn_num',
    });
  });

  it('the schema applies defaults (copy transform, required false)', () => {
    const parsed = mappingSpecSchema.parse(
      spec([{ source: 'PID-3.1', destination: 'Patient.id' }]),
    );
    expect(parsed.rows[0]).toMatchObject({
      transform: { type: 'copy' },
      required: false,
    });
  });
});

describe('FHIR R4 model', () => {
  it('resolves backbone elements and inherited elements', () => {
    expect(
      checkFhirPath('Observation.component.code.coding.code').errors,
    ).toEqual([]);
    expect(checkFhirPath('Patient.meta.lastUpdated').element?.type).toBe(
      'instant',
    );
    expect(checkFhirPath('Patient.name.given').manyValued).toBe(true);
    expect(checkFhirPath('Patient.name[0].family').manyValued).toBe(false);
  });

  it('validates every shipped FHIR sample resource', () => {
    for (const f of [
      'patient',
      'encounter',
      'service-request',
      'observation',
      'diagnostic-report',
      'appointment',
    ]) {
      expect([
        f,
        validateFhirResource(JSON.parse(sample(`fhir/${f}.json`))).errors,
      ]).toEqual([f, []]);
    }
  });

  it('reports element-level problems in a resource', () => {
    const { errors } = validateFhirResource({
      resourceType: 'Observation',
      status: 'done',
      code: { text: 'x' },
      valueQuantity: { value: '98' },
      subject: [{ reference: 'Patient/1' }],
      effectiveDateTime: '20261124',
      foo: 1,
    });
    expect(errors.map(e => e.path)).toEqual([
      'Observation.status',
      'Observation.valueQuantity.value',
      'Observation.subject',
      'Observation.effectiveDateTime',
      'Observation.foo',
    ]);
    expect(
      validateFhirResource({ resourceType: 'Observation' }).errors.map(
        e => e.path,
      ),
    ).toEqual(['Observation.status', 'Observation.code']);
  });
});
