import * as fhirpath from 'fhirpath';
import type {
  MappingIssue,
  MappingRow,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { SourceInfo } from './checkSource';
import { tableValues } from './hl7Definitions';
import { HL7_TABLE_VALUES } from './hl7Tables';
import { checkDatePattern } from './transforms';

/**
 * A row's transform: date patterns that parse, fhirpath expressions that parse, and code maps
 * that cover the source table's codes (or have a default).
 */
export function checkTransform(
  row: MappingRow,
  source: SourceInfo | undefined,
  errors: MappingIssue[],
  warnings: MappingIssue[],
) {
  const t = row.transform;
  const path = row.source ?? row.destination;
  if (t.type === 'date-format') {
    for (const p of [t.from, t.to]) {
      const problem = checkDatePattern(p);
      if (problem) errors.push({ row: row.id, path, message: problem });
    }
  }
  if (t.type === 'fhirpath') {
    try {
      fhirpath.parse(t.expression);
    } catch (e) {
      errors.push({
        row: row.id,
        path,
        message: `fhirpath expression does not parse: ${
          (e as Error).message.split('\n')[0]
        }`,
      });
    }
  }
  if (t.type === 'code-map') {
    const known = tableValues(source?.table);
    const unmapped = known?.filter(c => !(c in t.table)) ?? [];
    const tableName =
      source?.table !== undefined
        ? `HL7 table ${String(source.table).padStart(4, '0')}`
        : 'the source';
    if (t.default === undefined) {
      if (unmapped.length) {
        errors.push({
          row: row.id,
          path,
          message: `code map has no default and leaves codes of ${tableName} (${
            HL7_TABLE_VALUES[source!.table!].name
          }) unmapped: ${unmapped.join(', ')}`,
          suggestion: `map ${unmapped.join(', ')} or add a default`,
        });
      } else if (!known) {
        warnings.push({
          row: row.id,
          path,
          message: `code map has no default: a code of ${tableName} not listed (${Object.keys(
            t.table,
          ).join(', ')} are) fails the row`,
        });
      }
    } else if (unmapped.length) {
      warnings.push({
        row: row.id,
        path,
        message: `codes of ${tableName} not mapped (they get the default "${
          t.default
        }"): ${unmapped.join(', ')}`,
      });
    }
  }
}
