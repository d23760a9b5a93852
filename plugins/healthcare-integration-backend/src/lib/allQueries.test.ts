import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startTestEngine } from '../testing/testEngine';
import { USERS, intake } from '../testing/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/** Statements the transaction itself sends; knex reports no response for them. */
const CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * The most queries that were running at once on one transaction's connection, from knex's own
 * query events (a pool may run several; a transaction's single client must run one at a time).
 */
function watchTransactions(knex: Knex) {
  const running = new Map<string, number>();
  let most = 0;
  let seen = 0;
  knex.on('query', (q: { __knexTxId?: string; sql: string }) => {
    if (!q.__knexTxId || CONTROL.test(q.sql)) return;
    seen += 1;
    const now = (running.get(q.__knexTxId) ?? 0) + 1;
    running.set(q.__knexTxId, now);
    most = Math.max(most, now);
  });
  const done = (_: unknown, q: { __knexTxId?: string }) => {
    if (!q?.__knexTxId) return;
    running.set(q.__knexTxId, (running.get(q.__knexTxId) ?? 1) - 1);
  };
  knex.on('query-response', done);
  knex.on('query-error', done);
  return () => ({ most, seen });
}

describe.each(databases.eachSupportedId())(
  'queries inside a transaction on %s',
  databaseId => {
    it('never overlap on the transaction’s connection while a record is changed', async () => {
      const knex = await databases.init(databaseId);
      const engine = await startTestEngine(knex, () => new Date());
      const watched = watchTransactions(knex);
      const person = (ref: string) => ({ ref, isUser: true });

      await engine.create(intake('overlap-feed'), person(USERS.requester));
      const ref = 'component:default/overlap-feed';
      await engine.decide(
        ref,
        'intake',
        { decision: 'approve', comment: 'reason and systems confirmed' },
        person(USERS.business),
      );
      await engine.uploadEvidence(
        ref,
        {
          kind: 'security-review',
          title: 'Security review report',
          contentBase64: Buffer.from('report').toString('base64'),
        },
        person(USERS.requester),
      );

      const { most, seen } = watched();
      // The mutations ran in transactions (a record, its gates, decisions, evidence, tests).
      expect(seen).toBeGreaterThan(10);
      expect(most).toBe(1);
    });
  },
);
