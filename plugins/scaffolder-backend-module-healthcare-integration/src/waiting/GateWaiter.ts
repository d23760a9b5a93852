import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Gate,
  GateStatus,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { isGateClosed } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * Waiting for reviewers, behind one small interface.
 *
 * Today the only implementation polls (`PollingGateWaiter`): the scaffolder has no way for a
 * step to suspend a task and be resumed by an external event. Backstage is adding that
 * (backstage/backstage issue #16622, PR #34966: suspendable steps resumed through the
 * scaffolder API). Once it ships, a `SuspendingGateWaiter` can implement this interface by
 * suspending the task and letting the healthcare-integration backend resume it when a gate is
 * decided; the `healthcare:gates:wait` action and the templates that use it stay unchanged.
 */
export interface GateWaiter {
  waitFor(
    entityRef: string,
    gateIds: string[],
    options: GateWaitOptions,
  ): Promise<GateWaitResult>;
}

export interface GateWaitOptions {
  /** Overall budget, counted from `startedAt`. */
  timeoutMs: number;
  /** First pause between polls; grows with backoff. */
  pollIntervalMs: number;
  /**
   * When the wait began. A recovered task passes the original start (kept in a scaffolder
   * checkpoint) so that its timeout does not start again from zero.
   */
  startedAt?: number;
  logger: LoggerService;
  signal?: AbortSignal;
}

export interface GateWaitResult {
  /** Final status of each requested gate (all closed: approved, waived or not required). */
  statuses: Record<string, GateStatus>;
  waitedMs: number;
  polls: number;
}

/** A gate was rejected: waiting longer cannot help, the request needs rework. */
export class GateRejectedError extends Error {
  constructor(
    readonly entityRef: string,
    readonly gates: Array<{
      id: string;
      title: string;
      comment?: string;
      by?: string;
    }>,
  ) {
    super(
      `Gate ${gates
        .map(
          g =>
            `'${g.id}' (${g.title}) was rejected${g.by ? ` by ${g.by}` : ''}${
              g.comment ? `: ${g.comment}` : ''
            }`,
        )
        .join('; ')} on ${entityRef}`,
    );
    this.name = 'GateRejectedError';
  }
}

export class GateWaitTimeoutError extends Error {
  constructor(entityRef: string, pending: string[], waitedMs: number) {
    super(
      `Timed out after ${formatDuration(
        waitedMs,
      )} waiting for gates on ${entityRef}; still open: ${pending.join(', ')}`,
    );
    this.name = 'GateWaitTimeoutError';
  }
}

/** Time as the waiter sees it; replaced in tests so that no test really sleeps. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Error('Waiting for gates was cancelled'));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      function onAbort() {
        clearTimeout(timer);
        reject(new Error('Waiting for gates was cancelled'));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface PollingGateWaiterOptions {
  /** Reads the current gates of a record (one GET of the governance status). */
  fetchGates(entityRef: string): Promise<Gate[]>;
  clock?: WaitClock;
  /** Floor of the poll interval; keeps the backend's load bounded. Default 5 s. */
  minIntervalMs?: number;
  /** Ceiling the backoff grows to. Default 5 min. */
  maxIntervalMs?: number;
  /** Growth of the interval after each poll that found gates still open. Default 1.5. */
  backoffFactor?: number;
  /** Consecutive failed polls (network, 5xx) tolerated before giving up. Default 3. */
  maxConsecutiveErrors?: number;
}

/** Polls the record's status until every named gate is closed, one is rejected, or time runs out. */
export class PollingGateWaiter implements GateWaiter {
  private readonly clock: WaitClock;
  private readonly minIntervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly backoffFactor: number;
  private readonly maxConsecutiveErrors: number;

  constructor(private readonly options: PollingGateWaiterOptions) {
    this.clock = options.clock ?? systemClock;
    this.minIntervalMs = options.minIntervalMs ?? 5_000;
    this.maxIntervalMs = Math.max(
      options.maxIntervalMs ?? 5 * 60_000,
      this.minIntervalMs,
    );
    this.backoffFactor = options.backoffFactor ?? 1.5;
    this.maxConsecutiveErrors = options.maxConsecutiveErrors ?? 3;
  }

  async waitFor(
    entityRef: string,
    gateIds: string[],
    opts: GateWaitOptions,
  ): Promise<GateWaitResult> {
    const startedAt = opts.startedAt ?? this.clock.now();
    const deadline = startedAt + opts.timeoutMs;
    let interval = Math.min(
      Math.max(opts.pollIntervalMs, this.minIntervalMs),
      this.maxIntervalMs,
    );
    let polls = 0;
    let errors = 0;

    for (;;) {
      if (opts.signal?.aborted)
        throw new Error('Waiting for gates was cancelled');
      polls += 1;
      let gates: Gate[] | undefined;
      try {
        gates = await this.options.fetchGates(entityRef);
        errors = 0;
      } catch (error) {
        // A 4xx (unknown record, no permission) will not fix itself; a blip of the backend might.
        const status = (error as { statusCode?: number }).statusCode;
        errors += 1;
        if ((status && status < 500) || errors >= this.maxConsecutiveErrors)
          throw error;
        opts.logger.warn(
          `Poll ${polls}: ${(error as Error).message}; retrying`,
        );
      }

      const now = this.clock.now();
      const elapsed = now - startedAt;
      let pending: Gate[] = [];
      if (gates) {
        const wanted = gateIds.map(id => {
          const gate = gates!.find(g => g.id === id);
          if (!gate) {
            throw new Error(
              `Gate '${id}' does not exist on ${entityRef}; its gates are: ${gates!
                .map(g => g.id)
                .join(', ')}`,
            );
          }
          return gate;
        });
        const rejected = wanted.filter(g => g.status === 'rejected');
        if (rejected.length) {
          throw new GateRejectedError(
            entityRef,
            rejected.map(g => {
              const last = [...g.decisions]
                .reverse()
                .find(d => d.decision === 'reject' && !d.stale);
              return {
                id: g.id,
                title: g.title,
                comment: last?.comment,
                by: last?.decidedBy,
              };
            }),
          );
        }
        pending = wanted.filter(g => !isGateClosed(g.status));
        if (!pending.length) {
          opts.logger.info(
            `Poll ${polls}: all gates closed (${wanted
              .map(g => `${g.id}: ${g.status}`)
              .join(', ')}) after ${formatDuration(elapsed)}`,
          );
          return {
            statuses: Object.fromEntries(wanted.map(g => [g.id, g.status])),
            waitedMs: elapsed,
            polls,
          };
        }
      }

      const remaining = deadline - now;
      if (remaining <= 0) {
        throw new GateWaitTimeoutError(
          entityRef,
          gates ? pending.map(g => `${g.id} (${g.status})`) : gateIds,
          elapsed,
        );
      }
      const pause = Math.min(interval, remaining);
      if (gates) {
        opts.logger.info(
          `Poll ${polls}: waiting for ${pending
            .map(
              g =>
                `${g.id} (${g.status}${
                  g.blockers.length ? `; blocked: ${g.blockers.join('; ')}` : ''
                })`,
            )
            .join(', ')}; elapsed ${formatDuration(
            elapsed,
          )}, remaining ${formatDuration(
            remaining,
          )}, next check in ${formatDuration(pause)}`,
        );
      }
      await this.clock.sleep(pause, opts.signal);
      interval = Math.min(
        Math.round(interval * this.backoffFactor),
        this.maxIntervalMs,
      );
    }
  }
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}
