import { NotFoundError } from '@backstage/errors';
import {
  diffOperatingModel,
  type OperatingModelDiffView,
  type OperatingModelVersion,
  type OperatingModelView,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { mutateRecord } from './MutationContext';
import type { EngineDeps } from './types';
import {
  listOperatingModelVersions,
  readOperatingModelVersion,
  recordOperatingModelVersion,
  toVersion,
} from './operatingModelStore';

/** Who records version 1 of a record created before operating models were versioned. */
export const OPERATING_MODEL_ACTOR = 'system:operating-model';

/**
 * A record created before versioning has no version: its first read records version 1 (reason
 * `backfill`) under the row lock, so two instances reading at once record it once.
 */
async function ensureFirstVersion(deps: EngineDeps, entityRef: string) {
  await mutateRecord(
    deps,
    entityRef,
    { ref: OPERATING_MODEL_ACTOR, isUser: false },
    async ctx => {
      const entry = await recordOperatingModelVersion(
        deps,
        ctx.tx,
        ctx.loaded,
        'backfill',
        ctx.actor.ref,
        ctx.now,
      );
      // Another instance recorded it meanwhile: the hash matches and nothing is written.
      if (entry) ctx.entries.push(entry);
    },
  );
}

async function version(
  deps: EngineDeps,
  entityRef: string,
  n: number,
): Promise<OperatingModelVersion> {
  const row = await readOperatingModelVersion(deps.db, entityRef, n);
  if (!row)
    throw new NotFoundError(
      `No operating model version ${n} is recorded for ${entityRef}`,
    );
  return toVersion(row);
}

export async function readOperatingModel(
  deps: EngineDeps,
  entityRef: string,
): Promise<OperatingModelView> {
  let versions = await listOperatingModelVersions(deps.db, entityRef);
  if (!versions.length) {
    await ensureFirstVersion(deps, entityRef);
    versions = await listOperatingModelVersions(deps.db, entityRef);
  }
  const latest = versions[versions.length - 1];
  return {
    entityRef,
    current: await version(deps, entityRef, latest.version),
    versions,
  };
}

export const readOperatingModelVersionOf = version;

export async function diffOperatingModelVersions(
  deps: EngineDeps,
  entityRef: string,
  from: number,
  to: number,
): Promise<OperatingModelDiffView> {
  const [a, b] = await Promise.all([
    version(deps, entityRef, from),
    version(deps, entityRef, to),
  ]);
  return {
    entityRef,
    from,
    to,
    diff: diffOperatingModel(a.document, b.document),
  };
}
