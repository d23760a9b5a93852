import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { PG } from './scale';

/**
 * A fresh database pair for one run (the plugin's and the catalog's): files in a temporary
 * directory on SQLite, two new databases on the PostgreSQL server; `drop` removes them.
 */
export async function openBenchDatabase(kind: 'sqlite' | 'postgres'): Promise<{
  dir: string;
  url: string;
  catalogUrl: string;
  knex: Knex;
  drop: () => Promise<void>;
}> {
  const dir = join(tmpdir(), `hip-bench-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  let url: string;
  let catalogUrl: string;
  let drop = async () => rmSync(dir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    url = join(dir, 'bench.sqlite');
    catalogUrl = join(dir, 'catalog.sqlite');
  } else {
    const admin = knexFactory({ client: 'pg', connection: PG });
    const name = `hip_bench_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.raw(`CREATE DATABASE ${name}_catalog`);
    url = `${PG!.replace(/\/+$/, '')}/${name}`;
    catalogUrl = `${url}_catalog`;
    drop = async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.raw(`DROP DATABASE IF EXISTS ${name}_catalog WITH (FORCE)`);
      await admin.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const knex =
    kind === 'sqlite'
      ? knexFactory({
          client: 'better-sqlite3',
          connection: { filename: url },
          useNullAsDefault: true,
        })
      : knexFactory({
          client: 'pg',
          connection: url,
          pool: { min: 0, max: 5 },
        });
  return { dir, url, catalogUrl, knex, drop };
}
