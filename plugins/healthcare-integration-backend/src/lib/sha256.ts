import { createHash } from 'node:crypto';

/** SHA-256 as lower-case hex: the one digest of evidence, policies, chains and checkpoints. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
