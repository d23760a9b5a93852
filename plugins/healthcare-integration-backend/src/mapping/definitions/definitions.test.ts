import { hl7Table, compareHl7Versions } from './hl7v2Tables';
import {
  r4Children,
  r4Element,
  r4PrimitiveRegex,
  R4_DEFINITIONS_SOURCE,
} from './r4Definitions';

/** Facts stated by the R4 specification and the HL7 v2 tables, read from the generated files. */
describe('R4 definitions', () => {
  it('carry cardinality at every depth, following content references', () => {
    expect(r4Element('Appointment.participant.status')).toMatchObject({
      min: 1,
      max: '1',
      types: ['code'],
      codes: ['accepted', 'declined', 'tentative', 'needs-action'],
    });
    expect(r4Element('Observation.component.code')?.min).toBe(1);
    expect(
      r4Children('Observation.component.referenceRange').map(d => d.path),
    ).toContain('Observation.referenceRange.low');
    expect(
      r4Children('Patient.name')
        .map(d => d.path)
        .slice(0, 4),
    ).toEqual([
      'HumanName.id',
      'HumanName.extension',
      'HumanName.use',
      'HumanName.text',
    ]);
  });

  it('resolve typed choice names to their choice element', () => {
    expect(r4Element('Patient.deceasedDateTime')).toMatchObject({
      path: 'Patient.deceased[x]',
      types: ['boolean', 'dateTime'],
    });
    expect(r4Children('Observation.valueQuantity').map(d => d.path)).toContain(
      'Quantity.unit',
    );
  });

  it('state the primitive regexes of the specification', () => {
    const dateTime = r4PrimitiveRegex('dateTime')!;
    expect(dateTime.test('2026-11-25T09:30:00-05:00')).toBe(true);
    expect(dateTime.test('2026')).toBe(true);
    expect(dateTime.test('2026-13')).toBe(false);
    expect(dateTime.test('2026-11-25T09:30')).toBe(false);
    expect(dateTime.test('2026-11-25T09:30:00')).toBe(false);
    expect(r4PrimitiveRegex('instant')!.test('2026-11-25')).toBe(false);
    expect(r4PrimitiveRegex('id')!.test('a'.repeat(65))).toBe(false);
    expect(R4_DEFINITIONS_SOURCE).toMatch(/@medplum\/definitions 5\.2\.13/);
  });
});

describe('HL7 v2 tables per version', () => {
  it('give each version the codes it had', () => {
    expect(hl7Table(1, '2.3')?.codes).toEqual(['F', 'M', 'O', 'U']);
    expect(hl7Table(1, '2.5.1')?.codes).toEqual(['A', 'F', 'M', 'N', 'O', 'U']);
    expect(hl7Table(4, '2.3')?.codes).not.toContain('C');
    expect(hl7Table(4, '2.4')?.codes).toContain('C');
    expect(hl7Table(9999, '2.5.1')).toBeUndefined();
  });

  it('compare versions numerically', () => {
    expect(compareHl7Versions('2.3', '2.3.1')).toBeLessThan(0);
    expect(compareHl7Versions('2.10', '2.9')).toBeGreaterThan(0);
    expect(compareHl7Versions('2.5.1', '2.5.1')).toBe(0);
  });
});
