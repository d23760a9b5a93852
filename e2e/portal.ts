import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { until } from './until';

/** The example portal as the README starts it (`yarn dev`: backend :7007, app :3000). */
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';
const root = resolve(__dirname, '..');

/** Where the example seeder leaves each example integration (packages/backend exampleRecords). */
const EXAMPLE_STAGES: Record<string, string> = {
  'ehr-lab-orders': 'live',
  'lab-results-portal': 'test',
  'adt-analytics-feed': 'design',
  'claims-837-clearinghouse': 'change',
  'pharmacy-orders': 'design',
};

export interface RunningPortal {
  stop(): Promise<void>;
  log(): string;
}

/** A Backstage token for an example user, through the example-users sign-in provider. */
export async function signInAs(user: string): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/exampleUsers/refresh`, {
    headers: { 'x-example-user': user },
  });
  if (!res.ok) throw new Error(`sign-in as ${user}: ${res.status}`);
  return ((await res.json()) as any).backstageIdentity.token;
}

/**
 * `npm run start` keeps its data: the backend's default database is SQLite files in a folder
 * that git ignores (the setting was once lost in a merge). The browser test itself then runs on
 * a fresh database of its own, so this reads the configuration the portal starts with.
 */
export function checkPersistentDefault(): string {
  const yarn = resolve(root, '.yarn/releases/yarn-4.13.0.cjs');
  const printed = execFileSync(
    process.execPath,
    [
      yarn,
      'backstage-cli',
      'config:print',
      '--lax',
      '--format',
      'json',
      '--package',
      'backend',
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const database = JSON.parse(printed).backend?.database;
  assert.equal(
    database?.client,
    'better-sqlite3',
    `backend.database.client should be better-sqlite3, is ${database?.client}`,
  );
  const directory = database.connection?.directory;
  assert.equal(
    typeof directory,
    'string',
    `backend.database.connection should name a directory (records would not survive a restart): ${JSON.stringify(
      database.connection,
    )}`,
  );
  // Relative to the backend package, where the backend runs.
  const folder = relative(root, resolve(root, 'packages/backend', directory));
  assert.ok(
    !folder.startsWith('..'),
    `the database folder ${folder} is outside the repository`,
  );
  try {
    // The folder itself (every *.sqlite file is ignored anyway, wherever it is).
    execFileSync('git', ['check-ignore', '-q', `${folder}/`], { cwd: root });
  } catch {
    assert.fail(`the database folder ${folder} is not git-ignored`);
  }
  return folder;
}

export async function startPortal(): Promise<RunningPortal> {
  let output = '';
  const yarn = resolve(root, '.yarn/releases/yarn-4.13.0.cjs');
  const child: ChildProcess = spawn(process.execPath, [yarn, 'dev'], {
    cwd: root,
    detached: true, // its own process group, so stop() ends backend and app together
    // A fresh database for every run: the portal's own default keeps its data between starts.
    env: {
      ...process.env,
      BROWSER: 'none',
      FORCE_COLOR: '0',
      APP_CONFIG_backend_database_connection_directory: mkdtempSync(
        join(tmpdir(), 'hip-e2e-db-'),
      ),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise(r => setTimeout(r, 2000));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  try {
    await until('the backend on :7007', 180_000, async () => {
      if (child.exitCode !== null)
        throw new Error(
          `portal exited (${child.exitCode})\n${output.slice(-3000)}`,
        );
      const res = await fetch(
        `${BACKEND_URL}/api/healthcare-integration/policy`,
      );
      return res.status === 401 ? true : undefined;
    });
    await until('the app on :3000', 180_000, async () =>
      (await fetch(APP_URL)).ok ? true : undefined,
    );
    // The example records are seeded through the API after start; wait until each has
    // reached its example stage (a seeding failure shows up here, with the portal's log).
    await until('the example records at their stages', 180_000, async () => {
      const token = await signInAs('priya.patel');
      const page = await fetch(
        `${BACKEND_URL}/api/healthcare-integration/integrations?limit=50`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      ).then(r => r.json() as any);
      const stageOf = (name: string) =>
        page.items?.find(
          (i: any) => i.entityRef === `component:default/${name}`,
        )?.stage;
      return Object.entries(EXAMPLE_STAGES).every(
        ([name, stage]) => stageOf(name) === stage,
      )
        ? true
        : undefined;
    });
  } catch (e) {
    await stop();
    throw new Error(
      `${e}\n--- portal output (tail) ---\n${output.slice(-4000)}`,
    );
  }
  return { stop, log: () => output };
}
