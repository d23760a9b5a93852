import { fhirToFhir, fhirToHl7, hl7ToFhir } from './typeCompatibility';

describe('the HL7 × FHIR type compatibility table', () => {
  it.each([
    ['TS', 'boolean', 'code-map'],
    ['ID', 'boolean', 'code-map'],
    ['ST', 'integer', 'code-map or fhirpath'],
    ['TX', 'decimal', 'code-map or fhirpath'],
    ['DTM', 'dateTime', 'date-format'],
    ['DT', 'date', 'date-format'],
    ['ST', 'instant', 'date-format'],
    ['TM', 'time', 'date-format'],
  ])('an HL7 %s into a FHIR %s needs %s', (h, f, transform) => {
    expect(hl7ToFhir(h, f)).toMatchObject({ ok: false, needs: transform });
  });

  it.each([
    ['ST', 'string'],
    ['DTM', 'string'],
    ['ID', 'code'],
    ['NM', 'decimal'],
    ['SI', 'positiveInt'],
    ['IS', 'System.String'],
  ])('an HL7 %s copies into a FHIR %s', (h, f) => {
    expect(hl7ToFhir(h, f)).toEqual({ ok: true });
  });

  it('leaves a value whose type the message states (OBX-5) to a warning', () => {
    expect(hl7ToFhir('VARIES', 'decimal')).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/OBX-2/),
    });
  });

  it('copies an NM into an integer with a warning', () => {
    expect(hl7ToFhir('NM', 'integer')).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/decimals/),
    });
  });

  it('checks FHIR into HL7 and FHIR into FHIR', () => {
    expect(fhirToHl7('dateTime', 'DTM')).toMatchObject({
      needs: 'date-format',
    });
    expect(fhirToHl7('string', 'TS')).toMatchObject({ needs: 'date-format' });
    expect(fhirToHl7('boolean', 'ID')).toMatchObject({ needs: 'code-map' });
    expect(fhirToHl7('boolean', 'ST')).toEqual({ ok: true });
    expect(fhirToHl7('string', 'NM')).toMatchObject({ ok: false });
    expect(fhirToHl7('decimal', 'NM')).toEqual({ ok: true });
    expect(fhirToFhir('date', 'dateTime')).toEqual({ ok: true });
    expect(fhirToFhir('instant', 'dateTime')).toEqual({ ok: true });
    expect(fhirToFhir('dateTime', 'date')).toMatchObject({
      needs: 'date-format',
    });
    expect(fhirToFhir('string', 'boolean')).toMatchObject({ ok: false });
  });
});
