import { TestDatabases } from '@backstage/backend-test-utils';
import { startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { AuditLog } from './AuditLog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'AuditLog.appendMany on %s',
  databaseId => {
    it('appends more rows than one multi-row insert holds, and the chain still verifies (binding flags the invented exceptions)', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex);
      for (const name of ['bulk-a', 'bulk-b']) {
        expect(
          (await api.as(USERS.requester).post('/integrations', intake(name)))
            .status,
        ).toBe(201);
      }
      // 1,200 entries across two chains: more than SQLite's 500-term compound SELECT.
      const entries = (n: number) =>
        Array.from({ length: n }, (_, i) => ({
          actor: 'monitoring:test',
          action: 'exception.opened',
          subject: `ex-${i}`,
          payload: { i },
        }));
      const log = new AuditLog(knex);
      await knex.transaction(tx =>
        log.appendMany(
          tx,
          new Map([
            ['component:default/bulk-a', entries(700)],
            ['component:default/bulk-b', entries(500)],
          ]),
          new Date().toISOString(),
        ),
      );
      for (const [name, added] of [
        ['bulk-a', 700],
        ['bulk-b', 500],
      ] as const) {
        const verify = await api
          .as(USERS.requester)
          .get(`/integrations/default/${name}/audit/verify`);
        expect(verify.status).toBe(200);
        // The record's own events: created, and version 1 of its operating model.
        expect(verify.body.chain).toMatchObject({
          ok: true,
          events: added + 2,
        });
        expect(verify.body.events).toBe(added + 2);
        // The entries claim exceptions that no hip_exceptions row holds: binding names each one.
        expect(verify.body.ok).toBe(false);
        expect(verify.body.binding.differences).toHaveLength(added);
        expect(verify.body.binding.differences[0].message).toBe(
          'exceptions[ex-0]: the chain records it (event 3), but the database has no such entry',
        );
      }
    });
  },
);
