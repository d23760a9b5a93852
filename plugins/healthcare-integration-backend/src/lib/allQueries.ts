import type { Knex } from 'knex';

/**
 * Runs independent reads: at once on the pool, one after another inside a transaction. A
 * transaction holds one connection, and node-postgres refuses overlapping queries on one client
 * (deprecated in pg 8 with "client.query() when the client is already executing a query",
 * an error in pg 9); SQLite serialises them anyway. Knex builders are lazy, so each starts only
 * when awaited here.
 */
export async function allQueries<T extends readonly unknown[]>(
  db: Knex | Knex.Transaction,
  queries: { [K in keyof T]: PromiseLike<T[K]> },
): Promise<T> {
  if (!db.isTransaction)
    return (await Promise.all(
      queries as readonly PromiseLike<unknown>[],
    )) as unknown as T;
  const results: unknown[] = [];
  for (const query of queries as readonly PromiseLike<unknown>[])
    results.push(await query);
  return results as unknown as T;
}
