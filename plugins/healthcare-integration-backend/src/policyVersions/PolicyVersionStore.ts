import type { Knex } from 'knex';
import {
  type GovernancePolicy,
  canonicalJson,
  diffPolicyGates,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { EffectivePolicy } from '../config/readPolicy';
import {
  POLICY_CHAIN_GENESIS,
  type StoredPolicyVersion,
  policyEntryHash,
} from './versionChain';

interface PolicyVersionRow {
  seq: number;
  policy_hash: string;
  policy: string;
  changes: string;
  recorded_at: string;
  prev_entry_hash: string;
  entry_hash: string;
}

const fromRow = (r: PolicyVersionRow): StoredPolicyVersion => ({
  seq: Number(r.seq),
  policyHash: r.policy_hash,
  policy: r.policy,
  changes: JSON.parse(r.changes),
  recordedAt: r.recorded_at,
  prevEntryHash: r.prev_entry_hash,
  entryHash: r.entry_hash,
});

const isUniqueViolation = (e: unknown) =>
  /unique|duplicate key/i.test(String((e as Error)?.message));

/** The versions of the running policy: appended at start-up, read by the API. */
export class PolicyVersionStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records the running policy as a new version unless it is the newest one already (a restart,
   * or another instance with the same configuration). Instances starting together append once:
   * the sequence number is the primary key, and the loser of a race re-reads.
   */
  async recordRunning(
    running: EffectivePolicy,
    now: string,
  ): Promise<{ version: StoredPolicyVersion; recorded: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const head = await this.newest();
      if (head?.policyHash === running.hash)
        return { version: head, recorded: false };
      const previous = head
        ? (JSON.parse(head.policy) as GovernancePolicy)
        : undefined;
      const entry = {
        seq: (head?.seq ?? 0) + 1,
        policyHash: running.hash,
        changes: previous
          ? diffPolicyGates(previous, running.policy)
          : {
              added: running.policy.gates.map(g => g.id),
              removed: [],
              changed: [],
            },
        recordedAt: now,
        prevEntryHash: head?.entryHash ?? POLICY_CHAIN_GENESIS,
      };
      const version: StoredPolicyVersion = {
        ...entry,
        policy: canonicalJson(running.policy),
        entryHash: policyEntryHash(entry),
      };
      try {
        await this.db<PolicyVersionRow>('hip_policy_versions').insert({
          seq: version.seq,
          policy_hash: version.policyHash,
          policy: version.policy,
          changes: JSON.stringify(version.changes),
          recorded_at: version.recordedAt,
          prev_entry_hash: version.prevEntryHash,
          entry_hash: version.entryHash,
        });
        return { version, recorded: true };
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
  }

  async newest(): Promise<StoredPolicyVersion | undefined> {
    const row = await this.db<PolicyVersionRow>('hip_policy_versions')
      .orderBy('seq', 'desc')
      .first();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<StoredPolicyVersion[]> {
    const rows = await this.db<PolicyVersionRow>('hip_policy_versions').orderBy(
      'seq',
    );
    return rows.map(fromRow);
  }

  /** Every recorded policy by its hash, for re-deriving records made under older ones. */
  async policiesByHash(): Promise<Map<string, GovernancePolicy>> {
    const versions = await this.list();
    return new Map(
      versions.map(v => [
        v.policyHash,
        JSON.parse(v.policy) as GovernancePolicy,
      ]),
    );
  }

  async get(seq: number): Promise<StoredPolicyVersion | undefined> {
    const row = await this.db<PolicyVersionRow>('hip_policy_versions')
      .where({ seq })
      .first();
    return row ? fromRow(row) : undefined;
  }
}
