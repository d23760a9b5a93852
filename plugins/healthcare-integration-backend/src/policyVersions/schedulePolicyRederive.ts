import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { GovernanceEngine } from '../engine/GovernanceEngine';
import type { PolicyVersionStore } from './PolicyVersionStore';

/**
 * Records the running policy as a version (once per change, whichever instance starts first)
 * and schedules the re-derivation of records still on an older policy. An instance whose policy
 * is not the newest recorded one (an old instance during a rolling deploy) does not re-derive,
 * so two configurations never take turns rewriting gates.
 */
export async function schedulePolicyRederive(options: {
  engine: GovernanceEngine;
  store: PolicyVersionStore;
  scheduler: SchedulerService;
  logger: LoggerService;
  frequencyMinutes: number;
}) {
  const { engine, store, scheduler, logger } = options;
  const running = engine.getPolicy();
  const { version, recorded } = await store.recordRunning(
    running,
    new Date().toISOString(),
  );
  const { added, removed, changed } = version.changes;
  logger.info(
    recorded
      ? `Recorded policy version ${version.seq} (${running.hash.slice(
          0,
          12,
        )}): gates added [${added.join(', ')}], removed [${removed.join(
          ', ',
        )}], redefined [${changed.join(', ')}]`
      : `Running policy version ${version.seq} (${running.hash.slice(0, 12)})`,
  );
  await scheduler.scheduleTask({
    id: 'healthcare-integration-policy-rederive',
    frequency: { minutes: options.frequencyMinutes },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 5 },
    fn: async () => {
      const newest = await store.newest();
      if (newest?.policyHash !== running.hash) {
        logger.warn(
          `Not re-deriving gates: this instance runs policy ${running.hash.slice(
            0,
            12,
          )}, the newest recorded version is ${
            newest?.seq
          } (${newest?.policyHash.slice(0, 12)})`,
        );
        return;
      }
      const rederived = await engine.rederiveUnderRunningPolicy(
        await store.policiesByHash(),
        newest.seq,
      );
      if (rederived)
        logger.info(
          `Re-derived the gates of ${rederived} record(s) under policy version ${newest.seq}`,
        );
    },
  });
}
