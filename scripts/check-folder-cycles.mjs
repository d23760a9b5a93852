#!/usr/bin/env node
// Fails when the folders of a package's src/ import each other in a cycle (engine → audit →
// engine, say): folders are layers, and a cycle means two of them are one concern in two places.
// Relative imports only; tests and the test harness are left out (they may reach anywhere).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const packages = ['plugins', 'packages'].flatMap(d =>
  readdirSync(join(root, d)).map(p => join(root, d, p, 'src')),
);
const isTest = f =>
  /\.test\.tsx?$|\.reliability\.ts$|\/(testing|reliability|tests)\//.test(f);

function files(dir) {
  return readdirSync(dir).flatMap(name => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !isTest(p) ? [p] : [];
  });
}

let failed = false;
for (const src of packages) {
  let list;
  try {
    list = files(src);
  } catch {
    continue;
  }
  const folderOf = f => relative(src, dirname(f)).split('/')[0] || '.';
  const edges = new Map();
  for (const file of list) {
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]);
      if (!target.startsWith(src)) continue;
      const to =
        relative(src, target).split('/').length > 1
          ? relative(src, target).split('/')[0]
          : '.';
      if (to === from || to === '.' || from === '.') continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from).set(to, `${relative(root, file)} → ${m[1]}`);
    }
  }
  // Depth-first search for a back edge.
  const state = new Map();
  const stack = [];
  const visit = node => {
    state.set(node, 'open');
    stack.push(node);
    for (const [next, why] of edges.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        console.error(
          `import cycle between folders of ${relative(root, src)}: ${cycle.join(
            ' → ',
          )} (e.g. ${why})`,
        );
        failed = true;
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
}
// A module `x.ts` beside a folder `x/` makes `import './x'` a directory import under Node's ESM
// resolution (the backend's dev server), which Node refuses: keep the names apart.
for (const src of packages) {
  let list;
  try {
    list = files(src);
  } catch {
    continue;
  }
  for (const file of list) {
    const base = file.replace(/\.tsx?$/, '');
    try {
      if (statSync(base).isDirectory()) {
        console.error(
          `${relative(root, file)} and the folder ${relative(
            root,
            base,
          )}/ share a name: rename one`,
        );
        failed = true;
      }
    } catch {
      /* no such folder */
    }
  }
}
if (failed) process.exit(1);
console.log(
  'no import cycles between folders; no module shares its name with a folder',
);
