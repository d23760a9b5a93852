import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GovernanceApi, type HealthcareActionOptions } from './api';
import { normalizeIntegrationRef } from './paths';
import {
  PollingGateWaiter,
  formatDuration,
  type GateWaiter,
  type WaitClock,
} from '../waiting/GateWaiter';

export const WAIT_FOR_GATES_ACTION_ID = 'healthcare:gates:wait';

/** Bounds that keep a waiting task cheap: one GET per poll, never more often than every 5 s. */
export const WAIT_LIMITS = {
  defaultTimeoutMinutes: 30,
  maxTimeoutMinutes: 24 * 60,
  defaultPollIntervalSeconds: 30,
  minPollIntervalSeconds: 5,
  maxPollIntervalSeconds: 15 * 60,
};

export interface WaitForGatesActionOptions extends HealthcareActionOptions {
  /** Replaces the waiter, e.g. with a suspend/resume one once the scaffolder supports it. */
  createWaiter?: (api: GovernanceApi) => GateWaiter;
  /** Time source of the default polling waiter; tests pass a fake one. */
  clock?: WaitClock;
}

/**
 * `healthcare:gates:wait` — holds the template until reviewers approve the named gates, so a
 * template can stop at "intake approved" before doing more. Fails on rejection or timeout.
 */
export function waitForGatesAction(options: WaitForGatesActionOptions) {
  const createWaiter =
    options.createWaiter ??
    ((api: GovernanceApi) =>
      new PollingGateWaiter({
        fetchGates: async ref => (await api.getStatus(ref)).gates,
        clock: options.clock,
      }));

  const clockNow = () => options.clock?.now() ?? Date.now();

  return createTemplateAction({
    id: WAIT_FOR_GATES_ACTION_ID,
    description:
      'Waits until the named gates of an integration are approved (or waived / not required). Polls with backoff; fails when a gate is rejected or the timeout passes.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Wait up to two hours for the intake gate',
        example: `steps:
  - id: wait-intake
    action: ${WAIT_FOR_GATES_ACTION_ID}
    input:
      entityRef: \${{ steps.create.output.entityRef }}
      gateIds: [intake]
      timeoutMinutes: 120
      pollIntervalSeconds: 60`,
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'Entity ref of the integration, e.g. component:default/ehr-lab-orders',
            ),
        gateIds: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .describe('Gates that must be approved'),
        timeoutMinutes: z =>
          z
            .number()
            .min(1)
            .max(WAIT_LIMITS.maxTimeoutMinutes)
            .optional()
            .describe(
              `Give up after this long (default ${WAIT_LIMITS.defaultTimeoutMinutes}, at most 24 h)`,
            ),
        pollIntervalSeconds: z =>
          z
            .number()
            .min(WAIT_LIMITS.minPollIntervalSeconds)
            .max(WAIT_LIMITS.maxPollIntervalSeconds)
            .optional()
            .describe(
              `First pause between polls (default ${WAIT_LIMITS.defaultPollIntervalSeconds}, at least 5); grows by 1.5x up to 5 min`,
            ),
      },
      output: {
        statuses: z =>
          z.record(z.string()).describe('Final status of each gate'),
        waitedSeconds: z => z.number().describe('How long the step waited'),
      },
    },
    async handler(ctx) {
      const entityRef = normalizeIntegrationRef(ctx.input.entityRef);
      const gateIds = [...new Set(ctx.input.gateIds)];
      // The runner validates against JSON schema only, so defaults and bounds are applied here.
      const timeoutMinutes = clamp(
        ctx.input.timeoutMinutes ?? WAIT_LIMITS.defaultTimeoutMinutes,
        1,
        WAIT_LIMITS.maxTimeoutMinutes,
      );
      const pollIntervalSeconds = clamp(
        ctx.input.pollIntervalSeconds ?? WAIT_LIMITS.defaultPollIntervalSeconds,
        WAIT_LIMITS.minPollIntervalSeconds,
        WAIT_LIMITS.maxPollIntervalSeconds,
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutMinutes} min for ${gateIds.join(
            ', ',
          )} on ${entityRef}`,
        );
        ctx.output(
          'statuses',
          Object.fromEntries(gateIds.map(id => [id, 'approved'])),
        );
        ctx.output('waitedSeconds', 0);
        return;
      }

      // The start time is a checkpoint: a task recovered after a restart keeps its original
      // deadline instead of waiting the full timeout again.
      const startedAt = await ctx.checkpoint({
        key: `wait-started:${entityRef}:${gateIds.join(',')}`,
        fn: () => clockNow(),
      });
      const now = clockNow();
      const resumed = now - startedAt > 1000;
      ctx.logger.info(
        `Waiting for ${gateIds.join(
          ', ',
        )} on ${entityRef}: timeout ${formatDuration(
          timeoutMinutes * 60_000,
        )}, first poll interval ${pollIntervalSeconds}s${
          resumed
            ? ` (resumed; ${formatDuration(now - startedAt)} already waited)`
            : ''
        }`,
      );

      // No logger for the API here: the waiter decides which failed polls are worth a log line.
      const api = new GovernanceApi({
        ...options,
        credentials: () => ctx.getInitiatorCredentials(),
      });
      try {
        const result = await createWaiter(api).waitFor(entityRef, gateIds, {
          timeoutMs: timeoutMinutes * 60_000,
          pollIntervalMs: pollIntervalSeconds * 1000,
          startedAt,
          logger: ctx.logger,
          signal: ctx.signal,
        });
        ctx.output('statuses', result.statuses);
        ctx.output('waitedSeconds', Math.round(result.waitedMs / 1000));
      } catch (error) {
        ctx.logger.error((error as Error).message);
        throw error;
      }
    },
  });
}

function clamp(value: number, min: number, max: number) {
  return Math.min(Math.max(value, min), max);
}
