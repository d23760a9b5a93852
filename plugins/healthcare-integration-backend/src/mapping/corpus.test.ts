import { loadCorpus, runCase, verdictTable } from './__corpus__/corpusRunner';

/**
 * The acceptance corpus (src/mapping/__corpus__, see SOURCES.md): public HL7 v2 test messages,
 * FHIR R4 resources in the style of the specification's examples and mapping specs with known
 * defects, each with the verdict a correct reviewer reaches.
 */
describe('mapping review corpus', () => {
  const cases = loadCorpus();
  const results = cases.map(runCase);

  it('is large enough to mean something and names every case once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map(c => c.id)).size).toBe(cases.length);
    // Both directions are covered: inputs that must pass and inputs that must be stopped.
    const accepting = cases.filter(c =>
      ['accept', 'clean', 'valid'].includes(c.expect),
    ).length;
    expect(accepting).toBeGreaterThan(20);
    expect(cases.length - accepting).toBeGreaterThan(20);
  });

  it.each(results.map(r => [r.id, r] as const))(
    '%s gets its expected verdict',
    (_id, result) => {
      expect({ verdict: result.verdict, detail: result.detail }).toEqual({
        verdict: 'right',
        detail: expect.any(String),
      });
    },
  );

  it('has no false positive and no false negative', () => {
    expect(verdictTable(results)).toContain('| all | ');
    expect(results.filter(r => r.verdict !== 'right')).toEqual([]);
  });
});
