import * as fhirpath from 'fhirpath';
import type {
  MappingIssue,
  MappingRow,
  MappingSpec,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { SourceInfo } from './checkSource';
import { hl7Table } from './definitions/hl7v2Tables';
import { checkDatePattern } from './transforms';

const listed = (codes: string[]) =>
  codes.length > 30
    ? `${codes.slice(0, 30).join(', ')} and ${codes.length - 30} more`
    : codes.join(', ');

/**
 * A row's transform: date patterns that parse, fhirpath expressions that parse, and code maps
 * that cover the source table's codes (or have a default).
 */
export function checkTransform(
  spec: MappingSpec,
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
    // Table values as of the source's HL7 version (v2.3's table 0001 had F, M, O, U).
    const table =
      spec.source.standard === 'hl7v2'
        ? hl7Table(source?.table, spec.source.version)
        : undefined;
    const known = table?.codes;
    const unmapped = known?.filter(c => !(c in t.table)) ?? [];
    const tableName = table
      ? `HL7 table ${String(table.number).padStart(4, '0')} (${table.name}, v${
          (spec.source as { version: string }).version
        })`
      : 'the source';
    if (t.default === undefined) {
      if (unmapped.length) {
        errors.push({
          row: row.id,
          path,
          message: `code map has no default and leaves codes of ${tableName} unmapped: ${listed(
            unmapped,
          )}`,
          suggestion: `map ${listed(unmapped)} or add a default`,
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
        }"): ${listed(unmapped)}`,
      });
    }
  }
}
