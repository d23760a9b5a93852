import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import {
  STAGES,
  type PortfolioSort,
  type PortfolioSortKey,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { IntegrationRow } from '../database/rows';
import { decodeCursor, encodeCursor } from '../lib/refs';

/**
 * Sorting and keyset paging of the portfolio. Every order ends with the entity ref, so a
 * cursor (the last row's sort value and ref) names one position and paging with a sort
 * neither repeats nor skips a record. Without a sort the cursor is the bare ref, as before.
 */

type SortValue = string | number;

interface SortColumn {
  /** The SQL expression sorted on (no user input in it). */
  sql: string;
  /** The same value computed from a row, for the cursor. */
  value(row: IntegrationRow, descending: boolean): SortValue;
}

const STAGE_RANK_SQL = `case stage ${STAGES.map(
  (s, i) => `when '${s}' then ${i}`,
).join(' ')} else ${STAGES.length} end`;

// Records without an open gate have no due date: they sort last in both directions.
const NO_DUE_ASC = '~';
const NO_DUE_DESC = '';

const COLUMNS: Record<PortfolioSortKey, (descending: boolean) => SortColumn> = {
  title: () => ({ sql: 'title', value: r => r.title }),
  stage: () => ({
    sql: STAGE_RANK_SQL,
    value: r => {
      const i = (STAGES as readonly string[]).indexOf(r.stage);
      return i < 0 ? STAGES.length : i;
    },
  }),
  dueAt: descending => {
    const none = descending ? NO_DUE_DESC : NO_DUE_ASC;
    return {
      sql: `coalesce(earliest_due_at, '${none}')`,
      value: r => r.earliest_due_at ?? none,
    };
  },
  updatedAt: () => ({ sql: 'updated_at', value: r => r.updated_at }),
};

function parseSort(sort: PortfolioSort) {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as PortfolioSortKey;
  return { descending, column: COLUMNS[key](descending) };
}

interface SortedCursor {
  s: PortfolioSort;
  v: SortValue;
  r: string;
}

function decodeSortedCursor(cursor: string, sort: PortfolioSort): SortedCursor {
  let parsed: Partial<SortedCursor> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    typeof parsed.r !== 'string' ||
    !['string', 'number'].includes(typeof parsed.v)
  ) {
    throw new InputError('Invalid cursor: not a cursor this API returned');
  }
  if (parsed.s !== sort) {
    throw new InputError(
      `Invalid cursor: it continues a list sorted by ${
        parsed.s ?? 'entity ref'
      }, not by ${sort}`,
    );
  }
  return parsed as SortedCursor;
}

/** Orders one page of `base` by `sort` and continues after `cursor`. */
export function sortedPage(
  base: Knex.QueryBuilder,
  sort: PortfolioSort | undefined,
  cursor: string | undefined,
  limit: number,
): Knex.QueryBuilder {
  const page = base.clone().limit(limit + 1);
  if (!sort) {
    if (cursor) page.where('entity_ref', '>', decodeCursor(cursor));
    return page.orderBy('entity_ref', 'asc');
  }
  const { descending, column } = parseSort(sort);
  const direction = descending ? 'desc' : 'asc';
  if (cursor) {
    const { v, r } = decodeSortedCursor(cursor, sort);
    const beyond = descending ? '<' : '>';
    page.whereRaw(
      `(${column.sql} ${beyond} ? or (${column.sql} = ? and entity_ref > ?))`,
      [v, v, r],
    );
  }
  return page
    .orderByRaw(`${column.sql} ${direction}`)
    .orderBy('entity_ref', 'asc');
}

/** The cursor that continues after `last` in the order of `sort`. */
export function cursorAfter(
  last: IntegrationRow,
  sort: PortfolioSort | undefined,
): string {
  if (!sort) return encodeCursor(last.entity_ref);
  const { descending, column } = parseSort(sort);
  const cursor: SortedCursor = {
    s: sort,
    v: column.value(last, descending),
    r: last.entity_ref,
  };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}
