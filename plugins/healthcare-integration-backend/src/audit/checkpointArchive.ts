import { constants, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { FullCheckpoint } from './checkpoints';

/**
 * Where checkpoints go besides the database: storage the database's holders cannot rewrite.
 * Implementations never overwrite: writing a checkpoint that is already there with other
 * content is an error, not a replacement.
 */
export interface CheckpointArchive {
  /** Human-readable location, for logs and the verification result. */
  readonly location: string;
  write(checkpoint: FullCheckpoint, timestampToken?: Buffer): Promise<void>;
  /** The checkpoint with the highest sequence number, if any. */
  latest(): Promise<FullCheckpoint | undefined>;
}

const NAME = /^checkpoint-(\d{10})\.json$/;
export const checkpointFileName = (seq: number) =>
  `checkpoint-${String(seq).padStart(10, '0')}.json`;

/** The checkpoint as archived: canonical JSON with a trailing newline, byte-stable across retries. */
export function checkpointFileContent(checkpoint: FullCheckpoint) {
  return `${canonicalJson(checkpoint)}\n`;
}

/**
 * A directory (a WORM mount, an S3 bucket with Object Lock synced from it, a NAS snapshot
 * target). Files are created with O_EXCL and never rewritten; the directory is only ever read
 * to find the newest checkpoint.
 */
export class DirectoryCheckpointArchive implements CheckpointArchive {
  readonly location: string;

  constructor(directory: string) {
    this.location = resolve(directory);
  }

  async write(checkpoint: FullCheckpoint, timestampToken?: Buffer) {
    await fs.mkdir(this.location, { recursive: true });
    const file = join(this.location, checkpointFileName(checkpoint.body.seq));
    await writeOnce(file, checkpointFileContent(checkpoint));
    if (timestampToken)
      await writeOnce(file.replace(/\.json$/, '.tsr'), timestampToken);
  }

  async latest(): Promise<FullCheckpoint | undefined> {
    let names: string[];
    try {
      names = await fs.readdir(this.location);
    } catch (e: any) {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    }
    const newest = names
      .filter(n => NAME.test(n))
      .sort()
      .pop();
    if (!newest) return undefined;
    return JSON.parse(await fs.readFile(join(this.location, newest), 'utf8'));
  }
}

async function writeOnce(file: string, content: string | Buffer) {
  try {
    // O_EXCL: fails if the file exists, so nothing already archived is ever replaced.
    const handle = await fs.open(
      file,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      0o444,
    );
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e: any) {
    if (e.code !== 'EEXIST') throw e;
    const existing = await fs.readFile(file);
    if (
      !existing.equals(
        Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
      )
    ) {
      throw new Error(
        `${file} is already archived with different content; it is left as it is`,
      );
    }
  }
}
