import data from './hl7v2-tables.json';

/**
 * HL7 v2 table values per version: the tables FHIR publishes as CodeSystems
 * (terminology.hl7.org, CC0), each code with the versions it belongs to, generated into
 * `hl7v2-tables.json` by `generateDefinitions.ts`. `hl7v2-dictionary` names each field's table
 * but carries no values.
 */

const tables = data.tables as Record<
  string,
  { name: string; codes: Record<string, string> }
>;

/** Compares HL7 versions numerically: 2.3 < 2.3.1 < 2.4 < 2.10. */
export function compareHl7Versions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export interface Hl7Table {
  number: number;
  name: string;
  /** The codes the table holds in the version asked for. */
  codes: string[];
}

/** A table's codes as of one HL7 v2 version, when the table is published. */
export function hl7Table(
  table: number | undefined,
  version: string,
): Hl7Table | undefined {
  if (table === undefined) return undefined;
  const t = tables[String(table).padStart(4, '0')];
  if (!t) return undefined;
  const codes = Object.entries(t.codes)
    .filter(([, range]) => {
      const [from, to] = range.split('-');
      return (
        compareHl7Versions(version, from) >= 0 &&
        (to === undefined || compareHl7Versions(version, to) <= 0)
      );
    })
    .map(([code]) => code);
  return codes.length ? { number: table, name: t.name, codes } : undefined;
}

export const HL7V2_TABLES_SOURCE: string = data.source;
