// Checks a packed tarball the way an installing app meets it: every file its manifest names is
// in the archive, no `workspace:` range is left, and the backend's config schema and migrations
// are shipped.
import { spawnSync } from 'node:child_process';

function tar(args) {
  const res = spawnSync('tar', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`tar ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

function targets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (value && typeof value === 'object') {
    // The `backstage` condition names the kind of feature, not a file.
    return Object.entries(value)
      .filter(([key]) => key !== 'backstage')
      .flatMap(([, v]) => targets(v));
  }
  return [];
}

/** @returns {string[]} the problems found (empty when the tarball is right) */
export function checkTarball(file, sourceManifest) {
  const entries = new Set(
    tar(['-tzf', file])
      .split('\n')
      .filter(Boolean)
      .map(e => e.replace(/^package\//, '')),
  );
  const manifest = JSON.parse(tar(['-xOzf', file, 'package/package.json']));
  const problems = [];
  const has = p => entries.has(p.replace(/^\.\//, ''));

  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(`${field}.${name} is still ${range}`);
      }
    }
  }
  const named = [
    manifest.main,
    manifest.module,
    manifest.types,
    ...targets(manifest.exports),
    ...targets(manifest.typesVersions),
    ...targets(manifest.bin),
  ].filter(t => t && t !== './package.json' && t !== 'package.json');
  for (const t of named) {
    if (!has(t)) problems.push(`names ${t}, which is not in the tarball`);
  }
  if (named.some(t => /(^|\/)src\//.test(t))) {
    problems.push('names files under src/ (prepack did not run)');
  }
  if (!manifest.main || !manifest.types) problems.push('no main or types');
  if (!has('README.md')) problems.push('no README.md');
  if (sourceManifest.configSchema) {
    if (!manifest.configSchema || !has(manifest.configSchema)) {
      problems.push('the config schema is not shipped');
    }
  }
  if ((sourceManifest.files ?? []).includes('migrations')) {
    if (![...entries].some(e => /^migrations\/.+\.js$/.test(e))) {
      problems.push('no migrations');
    }
  }
  return problems;
}
