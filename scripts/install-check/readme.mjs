// Reads the install instructions out of README.md's "Install into your Backstage" section, so
// that the install check runs what the documentation says, not a copy of it.

const SECTION = '## Install into your Backstage';

function blocks(markdown, lang) {
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g');
  return [...markdown.matchAll(re)].map(m => m[1]);
}

/**
 * @returns {{ commands: string[], backendLines: string, appConfigText: string, frontendLines: number }}
 */
export function extractReadmeInstall(readme) {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const rest = readme.slice(start + SECTION.length);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);

  const commands = blocks(section, 'sh')
    .flatMap(b => b.split('\n'))
    .map(l => l.trim())
    .filter(l => /^yarn --cwd packages\/(backend|app) add /.test(l));
  if (!commands.some(c => c.includes('packages/backend'))) {
    throw new Error(
      'README install section: no `yarn --cwd packages/backend add` command',
    );
  }
  if (!commands.some(c => c.includes('packages/app'))) {
    throw new Error(
      'README install section: no `yarn --cwd packages/app add` command',
    );
  }

  const backend = blocks(section, 'ts').find(b =>
    b.includes("backend.add(import('@hcig/"),
  );
  if (!backend) {
    throw new Error(
      'README install section: no ts block with the backend lines',
    );
  }
  const appConfigText = blocks(section, 'yaml').find(b =>
    /^healthcareIntegration:/m.test(b),
  );
  if (!appConfigText) {
    throw new Error(
      'README install section: no yaml block with healthcareIntegration',
    );
  }
  // The frontend needs no code with the new frontend system: a tsx block in the section would
  // be lines to add, and is counted.
  const frontendLines = blocks(section, 'tsx')
    .flatMap(b => b.split('\n'))
    .filter(l => l.trim() && !l.trim().startsWith('//')).length;
  return {
    commands,
    backendLines: backend.trimEnd(),
    appConfigText,
    frontendLines,
  };
}
