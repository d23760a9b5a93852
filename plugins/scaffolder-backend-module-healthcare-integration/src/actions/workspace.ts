import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

/**
 * Resolves a path given in a template against the task workspace and refuses anything that
 * leaves it (`../`, absolute paths, symlinks pointing out): a template must never be able to
 * upload files from the scaffolder host as evidence.
 */
export function resolveWorkspaceFile(
  workspacePath: string,
  relativePath: string,
): string {
  try {
    return resolveSafeChildPath(workspacePath, relativePath);
  } catch {
    throw new InputError(
      `Invalid path: '${relativePath}' is outside the template workspace; give a path inside it, e.g. docs/index.md`,
    );
  }
}

export async function readWorkspaceFile(
  workspacePath: string,
  relativePath: string,
) {
  const absolute = resolveWorkspaceFile(workspacePath, relativePath);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new InputError(
      `Invalid path: '${relativePath}' is not a file in the template workspace`,
    );
  }
  return fs.readFile(absolute);
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
