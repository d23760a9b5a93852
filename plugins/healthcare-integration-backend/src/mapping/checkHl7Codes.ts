import type {
  MappingIssue,
  MappingRow,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { hl7Table } from './definitions/hl7v2Tables';
import { nearest } from './suggest';

/**
 * Codes a row writes into an HL7 v2 field with a table (code-map values and defaults,
 * constants) against the table's codes in the destination's version: outside an HL7 table (ID)
 * that is an error; a user-defined table (IS and coded types) may hold local codes, a warning.
 */
export function checkHl7Codes(
  row: MappingRow,
  element: { type: string; table?: number },
  version: string,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const table = hl7Table(element.table, version);
  if (!table) return;
  const t = row.transform;
  let produced: string[] = [];
  if (t.type === 'code-map')
    produced = [
      ...Object.values(t.table),
      ...(t.default !== undefined ? [t.default] : []),
    ];
  else if (t.type === 'constant') produced = [t.value];
  const bad = [...new Set(produced.filter(c => !table.codes.includes(c)))];
  if (!bad.length) return;
  const name = `HL7 table ${String(table.number).padStart(4, '0')} (${
    table.name
  }, v${version})`;
  const issue = {
    row: row.id,
    path: row.destination,
    suggestion: nearest(bad[0], table.codes),
  };
  if (element.type === 'ID') {
    errors.push({
      ...issue,
      message: `${row.destination} is an ID of ${name}; ${bad
        .map(b => `"${b}"`)
        .join(', ')} is not in it`,
    });
  } else {
    warnings.push({
      ...issue,
      message: `${bad
        .map(b => `"${b}"`)
        .join(
          ', ',
        )} is not a value of ${name}; fine only if the receiver defines it locally`,
    });
  }
}
