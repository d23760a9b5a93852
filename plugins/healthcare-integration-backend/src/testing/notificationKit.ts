import type { Knex } from 'knex';
import type { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PersonNames } from '../engine/PersonNames';
import { CATALOG_ENTITIES } from './fixtures';
import { startTestEngine } from './testEngine';
import { AfterCommit } from '../notifications/afterCommit';
import { changeNoticeRecorder } from '../notifications/changeNotices';
import { NoticeDispatcher } from '../notifications/dispatcher';
import { GovernanceSignals } from '../notifications/signals';

/** A notifications service that records what it was asked to send (the service boundary). */
export function recordingNotifications(failing = false) {
  const sent: NotificationSendOptions[] = [];
  const service: NotificationService = {
    async send(options) {
      if (failing) throw new Error('notifications backend unreachable');
      sent.push(options);
    },
  };
  return { sent, service };
}

/** A signals service that records what was published. */
export function recordingSignals() {
  const published: SignalPayload[] = [];
  const service: SignalsService = {
    async publish(signal) {
      published.push(signal as SignalPayload);
    },
  };
  return { published, service };
}

/**
 * The engine with its post-commit follow-up wired as the plugin wires it, over recording
 * notification and signal services, its clock under the test's control.
 */
export async function startNotifyingEngine(
  knex: Knex,
  clock: () => Date,
  options: {
    failingSends?: boolean;
    policy?: JsonObject;
    perRecipientPerHour?: number;
  } = {},
) {
  const notifications = recordingNotifications(options.failingSends);
  const signals = recordingSignals();
  const logger = mockServices.logger.mock();
  const followUp: { current?: AfterCommit } = {};
  const engine = await startTestEngine(
    knex,
    clock,
    events => followUp.current?.handle(events),
    options.policy,
  );
  const dispatcher = new NoticeDispatcher(
    knex,
    notifications.service,
    logger,
    clock,
    changeNoticeRecorder(engine),
    options.perRecipientPerHour,
  );
  const names = new PersonNames(
    catalogServiceMock({ entities: CATALOG_ENTITIES }),
    mockServices.auth(),
  );
  const follow = new AfterCommit({
    readStatus: ref => engine.getStatus(ref),
    namesOf: refs => names.namesOf(refs),
    dispatcher,
    signals: new GovernanceSignals(signals.service, logger),
    logger,
  });
  followUp.current = follow;
  return {
    engine,
    dispatcher,
    sent: notifications.sent,
    published: signals.published,
    logger,
    /** Waits for the follow-ups of the mutations so far (they run after the response). */
    settled: () => follow.settled(),
  };
}

const CHANGE_TYPES = [
  'new-field',
  'vendor-endpoint',
  'ehr-upgrade',
  'clinic-rollout',
  'access-change',
  'workflow-redesign',
];

/**
 * A small policy for notice tests: an intake review, then nothing until live (the special gates
 * apply only to PHI flows), and change authorisation. A record reaches live in a few steps.
 */
export const SMALL_POLICY = {
  gates: [
    {
      id: 'intake',
      title: 'Intake review',
      stage: 'intake',
      approverRoles: ['businessOwner'],
      slaDays: 3,
    },
    {
      id: 'mapping-review',
      title: 'Data-mapping review',
      stage: 'design',
      when: { phi: true },
      approverRoles: ['processOwner'],
      slaDays: 5,
    },
    {
      id: 'monitoring-plan',
      title: 'Monitoring plan',
      stage: 'ready',
      when: { phi: true },
      approverRoles: ['supportOwner'],
      evidenceKinds: ['monitoring-plan'],
      slaDays: 5,
    },
    {
      id: 'change-control',
      title: 'Change authorisation',
      stage: 'change',
      trigger: 'change-request',
      approverRoles: ['businessOwner'],
      slaDays: 3,
    },
  ],
  changeTypes: Object.fromEntries(
    CHANGE_TYPES.map(t => [t, { reopens: [], standardAllowed: true }]),
  ),
};

/** The notices sent on one topic, as (recipients, link) pairs: what a test asserts. */
export function sentOn(sent: NotificationSendOptions[], topic: string) {
  return sent
    .filter(s => s.payload.topic === topic)
    .map(s => ({
      to: s.recipients.type === 'entity' ? s.recipients.entityRef : 'all',
      exclude:
        s.recipients.type === 'entity' ? s.recipients.excludeEntityRef : [],
      title: s.payload.title,
      link: s.payload.link,
    }));
}
