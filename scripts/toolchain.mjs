#!/usr/bin/env node
// The one entry point behind `npm run start` / `npm run test` / `npm run bench`.
//
// Backstage supports Node 22 and 24 and expects Yarn 4. This script makes both available with
// nothing but the npm that ships with any Node, then installs the workspace (once, from the
// committed yarn.lock) and runs the requested root script with Yarn:
//   - Node: the running Node if it is 22 or 24; otherwise the `node@22` package from the npm
//     registry, installed into .toolchain/ (its archive also carries the C headers that
//     better-sqlite3's native build needs, so no header download is attempted).
//   - Yarn: the release committed in .yarn/releases (yarnPath in .yarnrc.yml); no corepack.
// It is deliberately dependency-free and runs on Node >= 18 so that it can bootstrap itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUPPORTED_MAJORS = [22, 24];
const FALLBACK_NODE = 'node@22';

const scripts = {
  start: ['dev'],
  test: ['test:all'],
  'test:reliability': ['reliability:run'],
  bench: ['bench:run'],
};

function run(cmd, args, env) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function findNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (SUPPORTED_MAJORS.includes(major)) {
    return { bin: process.execPath, headers: undefined };
  }
  const pkgDir = join(
    root,
    '.toolchain/node_modules/node/node_modules',
    `node-${process.platform}-${process.arch}`,
  );
  const bin = join(pkgDir, 'bin/node');
  if (!existsSync(bin)) {
    console.log(
      `[toolchain] Node ${
        process.versions.node
      } is not supported by Backstage (needs ${SUPPORTED_MAJORS.join(
        ' or ',
      )}); installing ${FALLBACK_NODE} from the npm registry into .toolchain/`,
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const status = run(npm, [
      'install',
      '--prefix',
      join(root, '.toolchain'),
      '--no-save',
      '--no-package-lock',
      '--foreground-scripts',
      FALLBACK_NODE,
    ]);
    if (status !== 0 || !existsSync(bin)) {
      console.error(
        '[toolchain] could not install Node 22; install Node 22 or 24 yourself',
      );
      process.exit(1);
    }
  }
  return { bin, headers: pkgDir };
}

function needsInstall() {
  const state = join(root, 'node_modules/.yarn-state.yml');
  if (!existsSync(state)) return true;
  const stateTime = statSync(state).mtimeMs;
  const inputs = ['yarn.lock', 'package.json'];
  return inputs.some(f => statSync(join(root, f)).mtimeMs > stateTime);
}

// `node scripts/toolchain.mjs run <root script> [args]` runs any root script with the toolchain.
const task = process.argv[2];
const passthrough = task === 'run' && process.argv[3];
if (!scripts[task] && !passthrough) {
  console.error(
    `usage: node scripts/toolchain.mjs <${Object.keys(scripts).join(
      '|',
    )}|run <script>> [args]`,
  );
  process.exit(2);
}

const node = findNode();
const yarnRc = readFileSync(join(root, '.yarnrc.yml'), 'utf8');
const yarnPath = join(root, /yarnPath:\s*(\S+)/.exec(yarnRc)[1]);
const env = {
  ...process.env,
  // Put the chosen Node first so that Yarn's child processes (backstage-cli, jest, node-gyp) use it.
  PATH: [dirname(node.bin), process.env.PATH].join(
    process.platform === 'win32' ? ';' : ':',
  ),
  COREPACK_ENABLE_STRICT: '0',
  YARN_ENABLE_TELEMETRY: '0',
};
if (node.headers) {
  // node-gyp would otherwise try to download headers; the registry package ships them.
  env.npm_config_nodedir = node.headers;
}
// npm run sets these for its own child; they would confuse Yarn.
for (const key of Object.keys(env)) {
  if (key.startsWith('npm_') && key !== 'npm_config_nodedir') delete env[key];
}
if (!node.headers) delete env.npm_config_nodedir;

if (needsInstall()) {
  console.log(
    '[toolchain] installing dependencies from yarn.lock (first run takes a few minutes)',
  );
  const status = run(node.bin, [yarnPath, 'install', '--immutable'], env);
  if (status !== 0) process.exit(status);
}

const [script, ...args] = passthrough
  ? process.argv.slice(3)
  : [...scripts[task], ...process.argv.slice(3)];
process.exit(run(node.bin, [yarnPath, 'run', script, ...args], env));
