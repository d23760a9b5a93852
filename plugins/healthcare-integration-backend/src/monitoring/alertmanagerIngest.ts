import { InputError } from '@backstage/errors';
import type { AlertmanagerIngestResult } from '@hcig/backstage-plugin-healthcare-integration-common';
import { parseInput } from '../lib/errors';
import { alertmanagerEnvelopeSchema } from './alertmanager';
import { applyAlertStates, planFiring } from './alertLifecycle';
import { type MappedAlert, mapAlert } from './alertMapping';
import type { MonitoringDeps } from './deps';
import type { ValidEvent } from './eventValidation';
import { timeBounds } from './eventTimes';
import { ingestEvents } from './ingest';
import { integrationRefOf } from './integrationRefs';
import type { IngestProblems, ProblemInput } from './ingestProblems';
import type { KnownRecords } from './knownRecords';
import type { MonitoringMetrics } from './monitoringMetrics';
import type { SignalMarks } from './signalMarks';

type Usable = Exclude<MappedAlert, { problem: string }>;

export type AlertmanagerDeps = MonitoringDeps & {
  known: KnownRecords;
  signals: SignalMarks;
  problems: IngestProblems;
  metrics: MonitoringMetrics;
};

/**
 * The Alertmanager webhook with the lifecycle alerting tools have: firing opens or counts into
 * an exception, a repeat is a signal, resolved marks the exception recovered, firing again
 * after a resolve opens a new occurrence. A payload none of whose alerts can be used is
 * refused with 400 (Alertmanager logs it and does not retry: it can never be used); problems
 * with single alerts in a usable payload are answered, logged, counted and listed.
 */
export async function ingestAlertmanager(
  deps: AlertmanagerDeps,
  body: unknown,
): Promise<AlertmanagerIngestResult> {
  const refuse = async (reason: string) => {
    await deps.problems.record('alertmanager', sourceOf(body), [
      { outcome: 'refused', reason },
    ]);
    return new InputError(reason);
  };
  let payload;
  try {
    payload = parseInput(alertmanagerEnvelopeSchema, body);
  } catch (error) {
    throw await refuse((error as Error).message);
  }
  const now = deps.clock();
  const bounds = timeBounds(deps.policy, now);
  const mapped = payload.alerts.map((a, i) =>
    mapAlert(a, i, payload, deps.policy, bounds, now),
  );
  const known = await deps.known.of([
    ...new Set(mapped.flatMap(m => ('problem' in m ? [] : [m.integrationRef]))),
  ]);
  const problems: Array<{ index: number; problem: string; item: string }> = [];
  const usable: Usable[] = [];
  for (const m of mapped) {
    if ('problem' in m) problems.push(m);
    else if (!known.has(m.integrationRef))
      problems.push({
        index: m.index,
        problem: `labels.integration: no governance record for ${m.integrationRef}`,
        item: m.item,
      });
    else usable.push(m);
  }
  const source = `alertmanager:${payload.receiver}`;
  if (!usable.length && problems.length) {
    throw await refuse(
      `No alert in this notification can be used (${
        problems.length
      } alert(s)): ${problems
        .slice(0, 3)
        .map(p => p.problem)
        .join('; ')}`,
    );
  }

  const firing = usable.filter(a => a.status === 'firing' && !a.heartbeat);
  const plan = await planFiring(deps.db, firing);
  const events = firing.map(a => ({
    integrationRef: a.integrationRef,
    category: a.category,
    kind: a.kind,
    severity: a.severity,
    count: 1,
    occurredAt: a.startsAt,
    source: a.source,
    dedupKey: plan.get(a.index)!.dedupKey,
    ...(a.message ? { message: a.message } : {}),
  }));
  const extras = new Map<
    number,
    Pick<ValidEvent, 'links' | 'reopenedFrom' | 'timeNote'>
  >(
    firing.map((a, i) => [
      i,
      {
        links: a.links,
        reopenedFrom: plan.get(a.index)!.reopenedFrom,
        timeNote: a.notes.find(n => n.includes('startsAt')),
      },
    ]),
  );
  let recovered = 0;
  const result = await ingestEvents(deps, events, {
    extras,
    afterCount: async (tx, ctx) => {
      const applied = await applyAlertStates(deps, tx, usable, ctx);
      recovered = applied.recovered;
      return { touched: applied.touched };
    },
  });
  const reopened = firing.filter(
    a => plan.get(a.index)!.reopenedFrom !== undefined,
  ).length;
  const heartbeats = usable.filter(a => a.heartbeat).length;

  const rejected = [
    ...problems.map(p => ({ index: p.index, reason: p.problem })),
    ...result.rejected.map(r => ({
      index: firing[r.index].index,
      reason: r.reason,
    })),
  ].sort((a, b) => a.index - b.index);
  const notes = usable.flatMap(a =>
    a.notes.map(note => ({ index: a.index, note })),
  );
  const listed: ProblemInput[] = [
    ...problems.map(p => ({
      outcome: 'rejected',
      reason: p.problem,
      item: p.item,
    })),
    ...result.rejected.map(r => ({
      outcome: 'rejected',
      reason: r.reason,
      integrationRef: firing[r.index].integrationRef,
      item: firing[r.index].item,
    })),
    ...usable.flatMap(a =>
      a.notes.map(note => ({
        outcome: noteOutcome(note),
        reason: note,
        integrationRef: a.integrationRef,
        item: a.item,
      })),
    ),
  ];
  if (payload.truncatedAlerts) {
    const common = payload.commonLabels?.integration;
    const ref = common ? integrationRefOf(common) : undefined;
    listed.push({
      outcome: 'truncated-alerts',
      reason: `Alertmanager left ${payload.truncatedAlerts} alert(s) of group ${
        payload.groupKey ?? '(no group key)'
      } out of this notification (max_alerts in its webhook config); they were not received`,
      integrationRef: typeof ref === 'string' ? ref : undefined,
    });
  }
  await deps.problems.record('alertmanager', source, listed);
  const m = deps.metrics;
  m.outcome('alertmanager', 'accepted', result.accepted);
  m.outcome('alertmanager', 'duplicate', result.duplicates);
  m.outcome('alertmanager', 'recovered', recovered);
  m.outcome('alertmanager', 'reopened', reopened);
  m.outcome('alertmanager', 'heartbeat', heartbeats);
  return { ...result, rejected, recovered, reopened, heartbeats, notes };
}

function sourceOf(body: unknown) {
  const receiver = (body as { receiver?: unknown } | null)?.receiver;
  return `alertmanager:${typeof receiver === 'string' ? receiver : '?'}`;
}

/** What a note on a used alert says was changed: a time, a text, or a link left out. */
function noteOutcome(note: string) {
  if (/not a safe http\(s\) URL/.test(note)) return 'link-dropped';
  if (/^(startsAt|endsAt):/.test(note)) return 'clamped';
  return 'truncated';
}
