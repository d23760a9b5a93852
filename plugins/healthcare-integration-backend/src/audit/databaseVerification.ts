import type { ChainVerification } from '@hcig/backstage-plugin-healthcare-integration-common';
import { verifyStoredChain } from '../database/auditChain';
import { compareWithChain, type BindingResult } from './binding';
import {
  checkCheckpoint,
  type CheckpointCheck,
  type CheckpointCheckDeps,
} from './checkpointCheck';
import type { FullCheckpoint } from './checkpoints';
import type { Snapshot } from './snapshot';

/** `GET …/audit/verify`: the chain (as before), plus checkpoint and binding. `ok` is all three. */
export interface DatabaseVerification extends ChainVerification {
  chain: ChainVerification;
  checkpoint: CheckpointCheck;
  binding: BindingResult;
  problems: string[];
}

/** The stored chain, its checkpoint and its binding, with the first problem found first. */
export async function verifySnapshot(
  deps: CheckpointCheckDeps,
  s: Snapshot,
  latest?: FullCheckpoint,
): Promise<DatabaseVerification> {
  const ref = s.status.record.entityRef;
  const chain = verifyStoredChain(ref, s.rows, s.head);
  const binding = compareWithChain(s.events, s.sections, 'the database');
  const checkpoint = await checkCheckpoint(deps, ref, s, latest);
  const problems = [
    ...(chain.ok
      ? []
      : [
          `audit chain broken at event ${chain.firstBrokenSeq}: ${chain.reason}`,
        ]),
    ...(checkpoint.ok ? [] : [`checkpoint: ${checkpoint.message}`]),
    ...binding.differences.map(d => `binding: ${d.message}`),
  ];
  const ok = chain.ok && checkpoint.ok && binding.ok;
  let first: { firstBrokenSeq?: number; reason?: string } = {};
  if (!chain.ok)
    first = { firstBrokenSeq: chain.firstBrokenSeq, reason: chain.reason };
  else if (!checkpoint.ok)
    first = {
      firstBrokenSeq: checkpoint.firstBrokenSeq,
      reason: checkpoint.message,
    };
  else if (!binding.ok) {
    first = {
      firstBrokenSeq: binding.differences.find(d => d.seq)?.seq,
      reason: binding.differences[0].message,
    };
  }
  return {
    integrationRef: ref,
    ok,
    events: chain.events,
    head: chain.head,
    ...first,
    chain,
    checkpoint,
    binding,
    problems,
  };
}
