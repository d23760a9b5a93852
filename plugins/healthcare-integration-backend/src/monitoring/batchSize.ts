/**
 * Rows per `IN (…)` list or multi-row insert, so that a large ingest batch stays well within the
 * bound-parameter limits of SQLite and PostgreSQL.
 */
export const CHUNK = 500;
