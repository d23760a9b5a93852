#!/usr/bin/env node
// The install check: what a platform team does to add the plugins to the Backstage it runs.
//
//   1. pack every publishable package under plugins/ (`yarn pack`, which runs
//      `backstage-cli package prepack/postpack`) and check each tarball's manifest;
//   2. publish the tarballs to a local registry (verdaccio from npm, on localhost, with the
//      normal registry as uplink);
//   3. create a fresh app with @backstage/create-app 0.9.2 (Backstage 1.55.0: new frontend
//      system, guest sign-in, allow-all permission policy);
//   4. run the README's install commands against the local registry, add the README's backend
//      lines and its app-config block (commands, lines and config are read from README.md, so
//      the check follows the documentation rather than a copy of it);
//   5. start the app, create a governance record through the plugin's HTTP API as a catalog
//      user, check what guest can and cannot do, and open the governance tab, the reviewer inbox
//      and the portfolio in Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
// Run with the toolchain (Node 22, the repository's Yarn) after `yarn tsc && yarn build:all`:
//   node scripts/toolchain.mjs run install-check
// Screenshots: test-artifacts/install-check/. Ports 7300 (app), 7301 (registry), 7307 (backend).
//
// Caching (outside the repository, so a fresh clone on a clean machine only runs slower):
// the verdaccio install, and the created app's node_modules + yarn.lock from its stock install,
// keyed by everything that decides that install (create-app version, template package.json
// files, .yarnrc.yml settings, Node version). Each run creates the app afresh, moves the cached
// node_modules in, lets Yarn reconcile it with the stock lockfile, then installs our packages;
// the installed @hcig packages are compared with the packed tarballs, so a stale copy fails.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractReadmeInstall } from './readme.mjs';
import { checkTarball } from './tarball.mjs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CREATE_APP = '@backstage/create-app@0.9.2';
const VERDACCIO = 'verdaccio@6.10.4';
/**
 * Nothing published after this day enters the created app: a newer Backstage release was
 * published on 2026-11-17 and is only partly on the registry (mixing it in leaves two copies of
 * core packages). The age gate is computed from this date on every run, so it holds on later
 * days too; the check then verifies one copy of each core package.
 */
const REGISTRY_CUTOFF = Date.parse('2026-11-16T00:00:00Z');
const PORTS = { app: 7300, registry: 7301, backend: 7307 };
const REGISTRY = `http://localhost:${PORTS.registry}`;
const BACKEND = `http://localhost:${PORTS.backend}`;
const APP_URL = `http://localhost:${PORTS.app}`;
const MONITORING_TOKEN = 'install-check-monitoring-token-0123456789';
const SINGLE_COPY = [
  '@backstage/core-plugin-api',
  '@backstage/frontend-plugin-api',
  '@backstage/backend-plugin-api',
  '@backstage/plugin-catalog-react',
];

const work = process.env.HCIG_INSTALL_CHECK_DIR ?? '/tmp/hcig-install-check';
const cache =
  process.env.HCIG_INSTALL_CHECK_CACHE ??
  join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'hcig-install-check',
  );
const artifacts = join(root, 'test-artifacts/install-check');
const appDir = join(work, 'app');
const timings = [];
const children = [];
let t0 = Date.now();

function log(text) {
  console.log(`[install-check] ${text}`);
}

function phase(name) {
  const now = Date.now();
  if (timings.length) timings[timings.length - 1].s = (now - t0) / 1000;
  timings.push({ name, s: 0 });
  t0 = now;
  log(`== ${name}`);
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    ...opts,
    env: { ...process.env, ...opts.env },
  });
  if (res.error) throw res.error;
  if (res.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status}`);
  }
  return res;
}

const yarnRelease = join(
  root,
  /yarnPath:\s*(\S+)/.exec(readFileSync(join(root, '.yarnrc.yml'), 'utf8'))[1],
);

/** `yarn` on PATH for create-app's prerequisite check and for the app (it pins 4.13 itself). */
function yarnShim() {
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${yarnRelease}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

function startProcess(name, cmd, args, opts) {
  const out = join(work, `${name}.log`);
  const child = spawn(cmd, args, {
    ...opts,
    env: { ...process.env, ...opts.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  const onData = d => {
    chunks.push(d);
    if (chunks.length > 4000) chunks.splice(0, 1000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () =>
    writeFileSync(out, Buffer.concat(chunks).toString('utf8')),
  );
  const entry = {
    name,
    child,
    log: () => Buffer.concat(chunks).toString('utf8'),
    // The whole process group: yarn, backstage-cli and the server it starts. SIGTERM first,
    // then SIGKILL for whatever is still there after 15 s (a backend may hang on shutdown).
    stop: async () => {
      const alive = () => {
        try {
          process.kill(-child.pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (!alive()) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone meanwhile */
      }
      for (let i = 0; i < 30 && alive(); i++) {
        await new Promise(r => setTimeout(r, 500));
      }
      if (alive()) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
      }
    },
  };
  children.push(entry);
  return entry;
}

async function waitForHttp(url, what, proc, timeoutS = 300, ok = s => s < 500) {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(`${what} exited early:\n${proc.log().slice(-4000)}`);
    }
    try {
      const res = await fetch(url);
      if (ok(res.status)) return;
    } catch {
      /* not yet listening */
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${what} did not answer at ${url} in ${timeoutS}s:\n${
      proc ? proc.log().slice(-4000) : ''
    }`,
  );
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

// ---------------------------------------------------------------------------------------------

function pack() {
  phase('pack every package under plugins/');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const packages = [];
  for (const dir of readdirSync(join(root, 'plugins')).sort()) {
    const manifestPath = join(root, 'plugins', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifestText = readFileSync(manifestPath, 'utf8');
    const manifest = JSON.parse(manifestText);
    if (manifest.private) continue;
    const file = join(
      tarballs,
      `${manifest.name.replace('@', '').replace('/', '-')}-${
        manifest.version
      }.tgz`,
    );
    run(process.execPath, [yarnRelease, 'pack', '--out', file], {
      cwd: join(root, 'plugins', dir),
      capture: true,
    });
    const problems = checkTarball(file, manifest);
    if (problems.length) {
      throw new Error(`${manifest.name}: ${problems.join('; ')}`);
    }
    packages.push({ name: manifest.name, dir, file, manifestText });
    log(`packed ${manifest.name}`);
  }
  // postpack must have restored every manifest (a leftover would break the workspace).
  for (const p of packages) {
    const now = readFileSync(
      join(root, 'plugins', p.dir, 'package.json'),
      'utf8',
    );
    if (now !== p.manifestText) {
      throw new Error(`packing left plugins/${p.dir}/package.json changed`);
    }
  }
  return packages;
}

async function startRegistry() {
  phase('local registry (verdaccio) on localhost');
  const prefix = join(cache, VERDACCIO.replace('@', '-'));
  const bin = join(prefix, 'node_modules/.bin/verdaccio');
  if (!existsSync(bin)) {
    run('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      VERDACCIO,
    ]);
  }
  const dir = join(work, 'registry');
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const uplink = run('npm', ['config', 'get', 'registry'], {
    capture: true,
  }).stdout.trim();
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      `auth: { htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 10 } }`,
      `uplinks: { upstream: { url: '${uplink}', timeout: 60s } }`,
      'packages:',
      "  '@hcig/*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, proxy: upstream }",
      `listen: localhost:${PORTS.registry}`,
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const proc = startProcess(
    'verdaccio',
    bin,
    ['--config', join(dir, 'config.yaml')],
    { cwd: dir },
  );
  await waitForHttp(`${REGISTRY}/-/ping`, 'verdaccio', proc, 60);
  return proc;
}

async function publish(packages) {
  phase('publish the tarballs to the local registry');
  const res = await fetch(`${REGISTRY}/-/user/org.couchdb.user:install-check`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'install-check',
      password: 'install-check-password',
    }),
  });
  const { token } = await res.json();
  if (!token) throw new Error(`verdaccio gave no token (${res.status})`);
  const npmrc = join(work, 'registry/.npmrc');
  writeFileSync(
    npmrc,
    `registry=${REGISTRY}/\n//localhost:${PORTS.registry}/:_authToken=${token}\n`,
  );
  for (const p of packages) {
    run(
      'npm',
      ['publish', p.file, '--userconfig', npmrc, '--access', 'public'],
      {
        capture: true,
      },
    );
    log(`published ${p.name}`);
  }
}

function createApp(pathDirs) {
  phase(`create a fresh app with ${CREATE_APP}`);
  rmSync(appDir, { recursive: true, force: true });
  run('npx', ['-y', CREATE_APP, '--path', appDir, '--skip-install'], {
    cwd: work,
    capture: true,
    env: { BACKSTAGE_APP_NAME: 'hcig-install-check', PATH: pathDirs },
  });
  // The app's Yarn settings: nothing newer than the cutoff (create-app's own template
  // pre-approves every fresh @backstage/* package, which would let the half-published release
  // in); our scope from the local registry, where it was published a moment ago.
  const gateDays = Math.ceil((Date.now() - REGISTRY_CUTOFF) / 86_400_000);
  const rc = readFileSync(join(appDir, '.yarnrc.yml'), 'utf8')
    .replace(/^npmMinimalAgeGate:.*\n/m, '')
    .replace(/^npmPreapprovedPackages:\n(\s+-.*\n)+/m, '');
  writeFileSync(
    join(appDir, '.yarnrc.yml'),
    `${rc.trimEnd()}\n` +
      `npmMinimalAgeGate: ${gateDays}d\n` +
      `npmPreapprovedPackages:\n  - '@hcig/*'\n` +
      `npmScopes:\n  hcig:\n    npmRegistryServer: '${REGISTRY}'\n` +
      `unsafeHttpWhitelist:\n  - localhost\n` +
      `enableTelemetry: false\n`,
  );
  const keyParts = [
    CREATE_APP,
    `node ${process.versions.node}`,
    // The gate in days grows daily, its cutoff does not: the key names the cutoff, so a cached
    // install (resolved under the same cutoff) stays valid on later days.
    `cutoff ${new Date(REGISTRY_CUTOFF).toISOString()}`,
    readFileSync(join(appDir, '.yarnrc.yml'), 'utf8').replace(
      /^npmMinimalAgeGate:.*$/m,
      '',
    ),
    ...[
      'package.json',
      'packages/app/package.json',
      'packages/backend/package.json',
    ].map(f => readFileSync(join(appDir, f), 'utf8')),
  ];
  return sha256(keyParts.join('\n')).slice(0, 16);
}

function yarnInApp(args, env) {
  return run(process.execPath, [yarnRelease, ...args], {
    cwd: appDir,
    env,
  });
}

/**
 * What a Yarn install leaves in the app besides yarn.lock: the node_modules folders (the root's
 * and the workspaces' nested ones) and Yarn's install state (without it Yarn rebuilds every
 * native package, better-sqlite3 included).
 */
const INSTALL_PARTS = [
  'node_modules',
  'packages/app/node_modules',
  'packages/backend/node_modules',
  '.yarn/install-state.gz',
];

function moveParts(from, to) {
  for (const part of INSTALL_PARTS) {
    if (!existsSync(join(from, part))) continue;
    rmSync(join(to, part), { recursive: true, force: true });
    mkdirSync(dirname(join(to, part)), { recursive: true });
    renameSync(join(from, part), join(to, part));
  }
}

function stockInstall(key, env) {
  phase('install the created app (stock dependencies)');
  const cached = join(cache, `app-${key}`);
  if (
    existsSync(join(cached, 'node_modules')) &&
    existsSync(join(cached, 'yarn.lock'))
  ) {
    log(`reusing the cached stock install ${cached}`);
    moveParts(cached, appDir);
    copyFileSync(join(cached, 'yarn.lock'), join(appDir, 'yarn.lock'));
  } else {
    // Another key (a new create-app template, other settings): its node_modules is a head start
    // only; without its yarn.lock Yarn resolves afresh and reconciles node_modules with that.
    // Older entries are dropped, so the cache holds one app install (about 2 GB).
    rmSync(cached, { recursive: true, force: true });
    const others = readdirSync(cache).filter(d => /^app-/.test(d));
    const donor = others.find(d =>
      existsSync(join(cache, d, '.yarn/install-state.gz')),
    );
    if (donor) {
      log(
        `no cached install for this key; starting from ${donor}'s node_modules`,
      );
      moveParts(join(cache, donor), appDir);
    }
    for (const d of others)
      rmSync(join(cache, d), { recursive: true, force: true });
  }
  yarnInApp(['install'], env);
  mkdirSync(cached, { recursive: true });
  copyFileSync(join(appDir, 'yarn.lock'), join(cached, 'yarn.lock'));
  return cached;
}

function singleCopies() {
  const lock = readFileSync(join(appDir, 'yarn.lock'), 'utf8');
  for (const name of SINGLE_COPY) {
    const versions = new Set();
    const re = new RegExp(
      `^"${name.replace('/', '\\/')}@[^\\n]*\\n\\s+version: (\\S+)`,
      'gm',
    );
    for (const m of lock.matchAll(re)) versions.add(m[1]);
    if (versions.size !== 1) {
      throw new Error(
        `${name}: ${versions.size} versions in the app's yarn.lock (${[
          ...versions,
        ].join(', ')}); the tree mixes Backstage releases`,
      );
    }
  }
  log(`one copy each of ${SINGLE_COPY.join(', ')}`);
}

function installOurs(readme, packages, env) {
  phase("install our packages with the README's commands");
  // Our packages are published afresh on every run; drop any earlier copy from Yarn's cache.
  const cacheFolder = run(
    process.execPath,
    [yarnRelease, 'config', 'get', 'cacheFolder'],
    { cwd: appDir, capture: true, env },
  ).stdout.trim();
  if (existsSync(cacheFolder)) {
    for (const f of readdirSync(cacheFolder)) {
      if (f.startsWith('@hcig-')) rmSync(join(cacheFolder, f), { force: true });
    }
  }
  for (const command of readme.commands) {
    log(`$ ${command}`);
    const [cmd, ...args] = command.split(/\s+/);
    if (cmd !== 'yarn') throw new Error(`unexpected README command ${command}`);
    yarnInApp(args, env);
  }
  // What got installed is what we packed (not a stale copy from some cache).
  const named = readme.commands.flatMap(c => c.split(/\s+/).slice(4));
  for (const name of named) {
    if (!packages.some(p => p.name === name)) {
      throw new Error(
        `the README installs ${name}, which is not a package here`,
      );
    }
  }
  for (const p of packages) {
    const installed = join(appDir, 'node_modules', p.name);
    if (!existsSync(installed)) {
      if (named.includes(p.name)) {
        throw new Error(`${p.name} is not installed by the README's commands`);
      }
      log(`${p.name} is not needed by the README's install (not installed)`);
      continue;
    }
    const packed = run('tar', ['-xOzf', p.file, 'package/package.json'], {
      capture: true,
    }).stdout;
    if (
      sha256(JSON.stringify(JSON.parse(packed))) !==
      sha256(
        JSON.stringify(
          JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')),
        ),
      )
    ) {
      throw new Error(`${p.name} in the app is not the tarball just packed`);
    }
  }
  singleCopies();
}

function addLines(readme) {
  phase("add the README's backend lines and app-config");
  const indexPath = join(appDir, 'packages/backend/src/index.ts');
  const index = readFileSync(indexPath, 'utf8');
  if (!index.includes('backend.start();')) {
    throw new Error('the created backend has no backend.start()');
  }
  writeFileSync(
    indexPath,
    index.replace(
      'backend.start();',
      `${readme.backendLines}\n\nbackend.start();`,
    ),
  );
  // The README's block, plus what this check needs on this machine: its ports, a database
  // that survives the backend restarts below, the repository's example catalog, and the
  // guest provider signing in as a catalog user (standing in for a real sign-in resolver).
  const local = deepMerge(parseYaml(readme.appConfigText), {
    app: { baseUrl: APP_URL },
    backend: {
      baseUrl: BACKEND,
      listen: { port: PORTS.backend },
      cors: { origin: APP_URL },
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(work, 'sqlite') },
      },
    },
    auth: {
      providers: {
        guest: { userEntityRef: '${HCIG_CHECK_GUEST_USER}' },
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'User',
            'Group',
            'Domain',
            'Template',
          ],
        },
      ],
      locations: [
        { type: 'file', target: '../../examples/entities.yaml' },
        { type: 'file', target: join(root, 'catalog/all.yaml') },
      ],
    },
  });
  writeFileSync(join(appDir, 'app-config.local.yaml'), toYaml(local));
}

function deepMerge(a, b) {
  if (!a || typeof a !== 'object' || Array.isArray(a)) return b;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = deepMerge(a[k], v);
  return out;
}

function lineCounts(readme) {
  return {
    backend: (readme.backendLines.match(/backend\.add\(/g) ?? []).length,
    frontend: readme.frontendLines,
  };
}

// ---------------------------------------------------------------------------------------------

async function api(path, { token, method = 'GET', body } = {}) {
  const res = await fetch(`${BACKEND}/api${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

async function guestToken() {
  const res = await fetch(
    `${BACKEND}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const json = await res.json();
  const token = json?.backstageIdentity?.token;
  if (!token) throw new Error(`guest sign-in failed: ${JSON.stringify(json)}`);
  return { token, ref: json.backstageIdentity.identity?.userEntityRef };
}

async function startBackend(env, asUser) {
  const proc = startProcess(
    `backend-${asUser.replace(/\W+/g, '-')}`,
    process.execPath,
    [yarnRelease, 'workspace', 'backend', 'start'],
    { cwd: appDir, env: { ...env, HCIG_CHECK_GUEST_USER: asUser } },
  );
  // Routes answer 404 while plugins are still initialising: wait for ours and for the sign-in.
  for (const path of [
    '/api/healthcare-integration/openapi.json',
    '/api/auth/guest/refresh?optional&env=development',
  ]) {
    await waitForHttp(
      `${BACKEND}${path}`,
      'the backend',
      proc,
      300,
      s => s !== 404 && s < 500,
    );
  }
  return proc;
}

async function waitForEntity(token, name) {
  for (let i = 0; i < 120; i++) {
    const res = await api(
      `/catalog/entities/by-name/component/default/${name}`,
      {
        token,
      },
    );
    if (res.status === 200 && res.json?.spec?.healthcare) return res.json;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`the catalog never showed component:default/${name}`);
}

function expectStatus(res, status, what, rule) {
  if (res.status !== status || (rule && !res.text.includes(`rule: ${rule}`))) {
    throw new Error(
      `${what}: expected ${status}${rule ? ` (rule: ${rule})` : ''}, got ${
        res.status
      } ${res.text.slice(0, 400)}`,
    );
  }
  log(`ok: ${what} → ${status}${rule ? ` (rule: ${rule})` : ''}`);
}

const INTEGRATION = 'pharmacy-orders';
const RECORD = `/healthcare-integration/integrations/default/${INTEGRATION}`;

/** As the requester (a catalog user): open the governance record through the plugin's API. */
async function createRecord() {
  const { token, ref } = await guestToken();
  log(`signed in as ${ref}`);
  const entity = await waitForEntity(token, INTEGRATION);
  const { roles, ...profile } = entity.spec.healthcare;
  const existing = await api(RECORD, { token });
  if (existing.status === 404) {
    const created = await api('/healthcare-integration/integrations', {
      token,
      method: 'POST',
      body: {
        name: INTEGRATION,
        namespace: 'default',
        title: entity.metadata.title ?? INTEGRATION,
        profile,
        roles,
      },
    });
    expectStatus(created, 201, `create the ${INTEGRATION} record as ${ref}`);
  }
  const events = await api('/healthcare-integration/monitoring/events', {
    token: MONITORING_TOKEN,
    method: 'POST',
    body: {
      events: [
        {
          integrationRef: `component:default/${INTEGRATION}`,
          category: 'technical',
          kind: 'failed-message',
          severity: 'error',
          count: 1,
          occurredAt: new Date().toISOString(),
          source: 'install-check',
          dedupKey: `install-check-${Date.now()}`,
          message: 'RDE^O11 rejected by the pharmacy system: unknown drug code',
        },
      ],
    },
  });
  expectStatus(
    events,
    200,
    'monitoring ingest with the static token restricted by accessRestrictions',
  );
}

/** As guest (the stock sign-in, no catalog user): what an allow-all portal lets through. */
async function guestLimits() {
  const { token, ref } = await guestToken();
  log(`signed in as ${ref}`);
  expectStatus(
    await api('/healthcare-integration/integrations', { token }),
    200,
    'guest reads the portfolio',
  );
  expectStatus(
    await api(`${RECORD}/audit/export`, { token }),
    403,
    'guest exports the PHI evidence pack',
    'phi-floor',
  );
  expectStatus(
    await api(`${RECORD}/audit`, { token }),
    403,
    'guest reads the PHI audit trail',
    'phi-floor',
  );
  expectStatus(
    await api('/healthcare-integration/monitoring/events', {
      token,
      method: 'POST',
      body: { events: [] },
    }),
    403,
    'guest posts monitoring events',
    'principal-kind',
  );
  const status = await api(RECORD, { token });
  const gate = status.json?.gates?.find(g => g.status !== 'approved');
  if (!gate) throw new Error(`no open gate on ${INTEGRATION}: ${status.text}`);
  const decided = await api(`${RECORD}/gates/${gate.id}/decisions`, {
    token,
    method: 'POST',
    body: { decision: 'approve', comment: 'guest tries to approve' },
  });
  if (decided.status !== 403) {
    throw new Error(
      `guest deciding ${gate.id}: expected 403, got ${
        decided.status
      } ${decided.text.slice(0, 300)}`,
    );
  }
  log(
    `ok: guest decides the ${gate.id} gate → 403 (${decided.json?.error?.message})`,
  );
}

async function main() {
  const started = Date.now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(cache, { recursive: true });
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const readme = extractReadmeInstall(
    readFileSync(join(root, 'README.md'), 'utf8'),
  );
  const pathDirs = [
    yarnShim(),
    dirname(process.execPath),
    process.env.PATH,
  ].join(':');
  const env = {
    PATH: pathDirs,
    YARN_ENABLE_TELEMETRY: '0',
    // The created app is resolved here: create-app fetches its yarn.lock seed from GitHub, which
    // a machine with only the npm registry cannot reach, and under CI=1 Yarn would refuse to
    // write the lockfile it then needs (YN0028) on a first run with no cached install.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
  let cachedApp;
  try {
    const packages = pack();
    await startRegistry();
    await publish(packages);
    const key = createApp(pathDirs);
    cachedApp = stockInstall(key, env);
    singleCopies();
    installOurs(readme, packages, env);
    addLines(readme);

    phase('start the app (frontend dev server, backend as each user in turn)');
    const runtimeEnv = {
      ...env,
      MONITORING_TOKEN,
      HCIG_AUDIT_SIGNING_KEY_FILE: join(work, 'audit-signing-key.pem'),
      HCIG_AUDIT_ARCHIVE_DIR: join(work, 'audit-archive'),
      NODE_OPTIONS: '--max-old-space-size=3072',
    };
    run('openssl', [
      'genpkey',
      '-algorithm',
      'ed25519',
      '-out',
      runtimeEnv.HCIG_AUDIT_SIGNING_KEY_FILE,
    ]);
    mkdirSync(runtimeEnv.HCIG_AUDIT_ARCHIVE_DIR, { recursive: true });
    const frontend = startProcess(
      'frontend',
      process.execPath,
      [yarnRelease, 'workspace', 'app', 'start'],
      { cwd: appDir, env: { ...runtimeEnv, BROWSER: 'none' } },
    );
    let backend = await startBackend(runtimeEnv, 'user:default/priya.patel');
    phase('governance record through the HTTP API, as the requester');
    await createRecord();
    await backend.stop();
    phase("guest's limits against the running backend");
    backend = await startBackend(runtimeEnv, 'user:development/guest');
    await guestLimits();
    await backend.stop();
    phase('browser: governance tab, reviewer inbox, portfolio');
    backend = await startBackend(runtimeEnv, 'user:default/sam.okafor');
    await waitForHttp(APP_URL, 'the frontend dev server', frontend, 600);
    const { browserCheck } = await import('./browser.mjs');
    const shots = await browserCheck({
      appUrl: APP_URL,
      artifacts,
      integration: INTEGRATION,
    });
    phase('done');
    const counts = lineCounts(readme);
    log(
      `lines a platform team adds: backend ${counts.backend}, frontend ${counts.frontend}`,
    );
    log(
      `screenshots: ${shots
        .map(s => `test-artifacts/install-check/${s}`)
        .join(', ')}`,
    );
  } finally {
    for (const c of children.reverse()) await c.stop();
    for (const c of children) {
      writeFileSync(join(work, `${c.name}.log`), c.log());
    }
    // Give the stock install back to the cache (Yarn reconciles it with the lockfile next time).
    if (cachedApp && existsSync(join(appDir, 'node_modules'))) {
      moveParts(appDir, cachedApp);
    }
    phase('end');
    timings.pop();
    for (const t of timings) log(`${t.s.toFixed(0).padStart(5)} s  ${t.name}`);
    log(
      `total ${((Date.now() - started) / 1000).toFixed(0)} s; logs in ${work}`,
    );
  }
}

main().catch(e => {
  console.error(`[install-check] FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
