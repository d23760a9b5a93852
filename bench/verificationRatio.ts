import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Chain verification (the API's path, verifyStoredChain over stored rows) next to the raw
 * SHA-256 rate of the same bytes, both in one fresh process (bench/verifyRatio.ts), so that the
 * seeding's heap does not weigh on either.
 */
export function verificationRatio(url: string, ref: string) {
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolve(__dirname, 'verifyRatio.ts'),
      url,
      ref,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as {
    events: number;
    bytes: number;
    rawRate: number;
    verifyRate: number;
  };
}
