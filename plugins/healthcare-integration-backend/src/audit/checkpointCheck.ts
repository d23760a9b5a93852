import type { CheckpointStore } from './checkpointStore';
import {
  checkpointSigningInput,
  merkleRoot,
  type FullCheckpoint,
} from './checkpoints';
import { checkSignature, type SigningKeys } from './signingKeys';
import type { Snapshot } from './snapshot';

/** How the chain's head stands against the signed checkpoints. */
export interface CheckpointCheck {
  ok: boolean;
  /**
   * covered: the latest checkpoint signs an event of this chain, and the stored chain still has it;
   * not-yet-covered: the chain is younger than the checkpoint interval; mismatch / uncovered /
   * invalid: see message.
   */
  status: 'covered' | 'not-yet-covered' | 'mismatch' | 'uncovered' | 'invalid';
  message: string;
  checkpoint?: { seq: number; at: string; keyId: string; reason: string };
  signedHead?: { seq: number; hash: string };
  /** Events after the signed head: not yet under a signature (at most one checkpoint interval's worth). */
  unsignedEvents?: number;
  firstBrokenSeq?: number;
  archive?: { location: string; latestSeq?: number };
}

export interface CheckpointCheckDeps {
  keys: SigningKeys;
  checkpoints: CheckpointStore;
  /** The checkpoint interval: a chain older than twice this with no checkpoint is reported. */
  checkpointMinutes: number;
  clock: () => Date;
}

const h12 = (hash: string) => `${hash.slice(0, 12)}…`;

/** The chain against the latest signed checkpoint (the database's, or the archive's if newer). */
export async function checkCheckpoint(
  deps: CheckpointCheckDeps,
  ref: string,
  s: Snapshot,
  given?: FullCheckpoint,
): Promise<CheckpointCheck> {
  const store = deps.checkpoints;
  const keys = deps.keys.document();
  const stored = await store.latest();
  const archived = await store.archivedLatest();
  const archive = store.archiveLocation
    ? { location: store.archiveLocation, latestSeq: archived?.body.seq }
    : undefined;
  const problems: string[] = [];
  let latest: FullCheckpoint | undefined = given;
  if (!latest && stored) {
    latest = {
      body: stored.body,
      signature: stored.signature,
      leaves: await store.leavesAt(stored.body.seq),
    };
  }
  if (archived && (!latest || archived.body.seq > latest.body.seq)) {
    problems.push(
      `checkpoint #${archived.body.seq} is in the archive (${
        archive!.location
      }) but the database's newest is ${
        latest ? `#${latest.body.seq}` : 'none'
      }: checkpoints were removed from the database`,
    );
    latest = archived;
  } else if (
    archived &&
    latest &&
    archived.body.seq === latest.body.seq &&
    archived.signature.value !== latest.signature.value
  ) {
    problems.push(
      `checkpoint #${
        latest.body.seq
      } in the database is not the one in the archive (${archive!.location})`,
    );
  }
  if (!latest) {
    return uncovered(deps, s, undefined, archive, problems);
  }
  const info = {
    seq: latest.body.seq,
    at: latest.body.at,
    keyId: latest.body.keyId,
    reason: latest.body.reason,
  };
  const what = `checkpoint #${latest.body.seq}`;
  const signed = checkSignature(
    keys,
    latest.signature,
    checkpointSigningInput(latest.body),
    latest.body.at,
    what,
  );
  if (!signed.ok) problems.push(signed.message);
  if (
    merkleRoot(latest.leaves) !== latest.body.merkleRoot ||
    latest.leaves.length !== latest.body.treeSize
  ) {
    problems.push(
      `the stored heads of ${what} no longer produce its signed Merkle root: they were changed`,
    );
  }
  if (latest.body.seq > 1 && stored && latest.body.seq === stored.body.seq) {
    const [previous] = await store.list({
      limit: 1,
      beforeSeq: latest.body.seq,
    });
    if (!previous || previous.body.seq !== latest.body.seq - 1) {
      problems.push(
        `checkpoint #${latest.body.seq - 1} is missing from the database`,
      );
    } else if (latest.body.previousSignature !== previous.signature.value) {
      problems.push(
        `${what} does not name the signature of checkpoint #${previous.body.seq}: the checkpoint chain was altered`,
      );
    }
  }
  if (problems.length) {
    return {
      ok: false,
      status: 'invalid',
      message: problems.join('; '),
      checkpoint: info,
      archive,
    };
  }
  const leaf = latest.leaves.find(l => l.integrationRef === ref);
  if (!leaf) return uncovered(deps, s, info, archive, []);
  const signedHead = { seq: leaf.seq, hash: leaf.hash };
  const row = s.rows.find(r => Number(r.seq) === leaf.seq);
  if (!row) {
    return {
      ok: false,
      status: 'mismatch',
      message: `event ${leaf.seq}, signed in ${what} (${latest.body.at}) as the head of this chain, is missing: the chain was cut back to event ${s.head.seq}`,
      firstBrokenSeq: Math.min(leaf.seq, s.head.seq + 1),
      checkpoint: info,
      signedHead,
      archive,
    };
  }
  if (row.hash !== leaf.hash) {
    // Find how far the chain still agrees with what was signed.
    const history = await store.historyOf(ref);
    const bySeq = new Map(s.rows.map(r => [Number(r.seq), r.hash]));
    const agreeing = history.filter(hd => bySeq.get(hd.seq) === hd.hash);
    const lastGood = agreeing.reduce((m, hd) => (hd.seq > m.seq ? hd : m), {
      seq: 0,
      checkpointSeq: 0,
      hash: '',
    });
    const firstBad = history
      .filter(hd => hd.seq > lastGood.seq)
      .sort((a, b) => a.seq - b.seq)[0] ?? {
      ...leaf,
      checkpointSeq: latest.body.seq,
    };
    return {
      ok: false,
      status: 'mismatch',
      message: `the chain was rewritten: event ${firstBad.seq} has hash ${h12(
        bySeq.get(firstBad.seq) ?? '',
      )} but checkpoint #${firstBad.checkpointSeq} signed ${h12(
        firstBad.hash,
      )}; ${
        lastGood.seq
          ? `events up to ${lastGood.seq} still match checkpoint #${
              lastGood.checkpointSeq
            }, so the change is in events ${lastGood.seq + 1}–${firstBad.seq}`
          : `no signed head of this chain still matches, so the change is in events 1–${firstBad.seq}`
      }`,
      firstBrokenSeq: lastGood.seq + 1,
      checkpoint: info,
      signedHead,
      archive,
    };
  }
  return {
    ok: true,
    status: 'covered',
    message: `${what} (${latest.body.at}, key ${
      latest.body.keyId
    }) signs event ${leaf.seq}; ${
      s.head.seq - leaf.seq
    } later event(s) await the next checkpoint`,
    checkpoint: info,
    signedHead,
    unsignedEvents: s.head.seq - leaf.seq,
    archive,
  };
}

/** No checkpoint covers the chain: fine while it is younger than two intervals, else reported. */
function uncovered(
  deps: CheckpointCheckDeps,
  s: Snapshot,
  info: CheckpointCheck['checkpoint'],
  archive: CheckpointCheck['archive'],
  problems: string[],
): CheckpointCheck {
  if (problems.length)
    return {
      ok: false,
      status: 'invalid',
      message: problems.join('; '),
      checkpoint: info,
      archive,
    };
  const first = s.rows[0];
  const graceMs = 2 * deps.checkpointMinutes * 60_000 + 5 * 60_000;
  const old = first && deps.clock().getTime() - Date.parse(first.at) > graceMs;
  if (old) {
    return {
      ok: false,
      status: 'uncovered',
      message: `no signed checkpoint covers this chain, although its first event (${first.at}) is older than two checkpoint intervals: checkpoints were removed, or the checkpoint task is not running`,
      firstBrokenSeq: 1,
      checkpoint: info,
      archive,
      unsignedEvents: s.head.seq,
    };
  }
  return {
    ok: true,
    status: 'not-yet-covered',
    message: `no checkpoint covers this chain yet; its ${s.head.seq} event(s) will be signed by the next checkpoint (at most ${deps.checkpointMinutes} minutes)`,
    checkpoint: info,
    archive,
    unsignedEvents: s.head.seq,
  };
}
