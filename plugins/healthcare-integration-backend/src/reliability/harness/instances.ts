import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { generateSigningKey } from '../../audit/signingKeys';

const SERVER = resolve(__dirname, 'server.ts');
export const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/**
 * One audit signing key for every instance this test process starts: instances on one database
 * must sign checkpoints with the same key, as a real deployment's instances do.
 */
export const HARNESS_SIGNING_KEY = generateSigningKey().privateKeyPem;

export interface Instance {
  port: number;
  proc: ChildProcess;
  base: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts one backend process of the harness on the given database. */
export function startInstance(
  database: string,
  extraEnv: Record<string, string> = {},
): Promise<Instance> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        SERVER,
      ],
      {
        env: {
          ...process.env,
          HARNESS_SIGNING_KEY,
          ...extraEnv,
          RELIABILITY_DB: database,
          NODE_ENV: 'test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`instance did not start:\n${output}`)),
      60_000,
    );
    proc.stdout!.on('data', chunk => {
      output += chunk;
      const m = /LISTENING (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolvePromise({
          port,
          proc,
          base: `http://127.0.0.1:${port}/api/healthcare-integration`,
          stop: (signal = 'SIGTERM') =>
            new Promise(done => {
              if (proc.exitCode !== null) {
                done();
                return;
              }
              proc.once('exit', () => done());
              proc.kill(signal);
            }),
        });
      }
    });
    proc.stderr!.on('data', chunk => {
      output += chunk;
    });
    proc.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}:\n${output}`));
    });
  });
}

/** A fresh, empty PostgreSQL database for one scenario. */
export async function createPgDatabase(): Promise<{
  url: string;
  knex: Knex;
  drop(): Promise<void>;
}> {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  const name = `hip_rel_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = `${PG_URL!.replace(/\/+$/, '')}/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url });
  return {
    url,
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

export async function call(
  base: string,
  user: string | 'service' | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = {};
  if (user === 'service')
    headers.Authorization = mockCredentials.service.header();
  else if (user) headers.Authorization = mockCredentials.user.header(user);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

const SUMMARY = resolve(
  __dirname,
  '../../../../../test-artifacts/reliability-summary.jsonl',
);

/** Records one measured figure for the summary table printed at the end of the suite. */
export function recordFigure(
  check: string,
  figure: string,
  value: string | number,
  verdict: 'pass' | 'fail',
) {
  mkdirSync(resolve(SUMMARY, '..'), { recursive: true });
  appendFileSync(
    SUMMARY,
    `${JSON.stringify({ check, figure, value, verdict })}\n`,
  );
}
