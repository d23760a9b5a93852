import { TestDatabases } from '@backstage/backend-test-utils';
import type { GovernanceStatus } from '@hcig/backstage-plugin-healthcare-integration-common';
import type { Knex } from 'knex';
import { MappingService } from '../mapping/MappingService';
import { sampleSpec } from '../mapping/testSamples';
import { startTestEngine } from '../testing/testEngine';
import { USERS, intake } from '../testing/fixtures';
import type { GovernanceEngine } from './GovernanceEngine';
import { readStatuses } from './statusBatch';
import type { EngineDeps } from './types';
import { buildInbox, withWaitingOn } from './worklists';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const RECORDS = 60;
const ref = (i: number) => `component:default/batch-${i}`;
const person = (userRef: string) => ({ ref: userRef, isUser: true });
const REVIEWERS = [
  USERS.business,
  USERS.compliance,
  USERS.clinical,
  USERS.security,
  USERS.support,
];

/** Records in a spread of states: decided intakes, PHI, vendors, mapping specs part-confirmed. */
async function seed(engine: GovernanceEngine) {
  const mapping = new MappingService(engine);
  const spec = sampleSpec('adt-analytics-feed');
  for (let i = 0; i < RECORDS; i++) {
    await engine.create(
      intake(`batch-${i}`, {
        phi: i % 4 === 0,
        externalVendor: i % 5 === 0,
        vendorName: i % 5 === 0 ? 'Acme' : undefined,
      }),
      person(USERS.requester),
    );
    if (i % 3 === 0)
      await engine.decide(
        ref(i),
        'intake',
        { decision: 'approve', comment: 'ok' },
        person(USERS.business),
      );
    if (i % 3 === 1) {
      await mapping.put(ref(i), { spec }, person(USERS.requester));
      if (i % 2 === 1)
        await mapping.confirm(
          ref(i),
          spec.rows[0].id,
          { comment: 'same meaning' },
          person(USERS.clinical),
        );
    }
  }
}

/** The lists' old path: each record's status through the single read, one after another. */
const perRecord =
  (engine: GovernanceEngine) =>
  async (refs: string[]): Promise<Map<string, GovernanceStatus>> => {
    const out = new Map<string, GovernanceStatus>();
    for (const r of refs) out.set(r, await engine.getStatus(r));
    return out;
  };

async function countQueries<T>(knex: Knex, fn: () => Promise<T>) {
  let queries = 0;
  const onQuery = () => {
    queries += 1;
  };
  knex.on('query', onQuery);
  try {
    return { result: await fn(), queries };
  } finally {
    knex.removeListener('query', onQuery);
  }
}

describe.each(databases.eachSupportedId())(
  'batched status reads on %s',
  databaseId => {
    let knex: Knex;
    let engine: GovernanceEngine;
    // The engine's parts (private), to run the lists over either way of reading statuses.
    let deps: EngineDeps;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const now = new Date('2026-11-24T12:00:00Z');
      engine = await startTestEngine(knex, () => now);
      deps = (engine as unknown as { deps: EngineDeps }).deps;
      await seed(engine);
    });

    it('assembles every status as the single read does, mapping blockers included', async () => {
      const refs = Array.from({ length: RECORDS }, (_, i) => ref(i));
      const batch = await readStatuses(deps, [
        ...refs,
        'component:default/no-such-record',
      ]);
      expect(batch.size).toBe(RECORDS);
      for (const r of refs) {
        const { recordChanges: _left, ...single } = await engine.getStatus(r);
        expect(batch.get(r)).toEqual(single);
      }
      // The records cover every answer of the mapping check.
      const mappingBlockers = refs.flatMap(
        r => batch.get(r)!.gates.find(g => g.id === 'mapping-review')!.blockers,
      );
      expect(mappingBlockers).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^no mapping spec stored/),
          expect.stringMatching(/^mapping rows not confirmed: patient-mrn, /),
          expect.stringMatching(
            /^mapping rows not confirmed: patient-family-name, /,
          ),
        ]),
      );
    });

    /** The inbox both ways, with the queries each issued. */
    async function inboxBothWays(userRef: string, limit: number) {
      const everyOther = async (refs: string[]) =>
        new Set(refs.filter((_, i) => i % 2 === 0));
      const batched = await countQueries(knex, () =>
        engine.inbox(userRef, limit, everyOther),
      );
      const single = await countQueries(knex, () =>
        buildInbox(deps, perRecord(engine), {
          userRef,
          limit,
          mayDecide: everyOther,
        }),
      );
      return { batched, single };
    }

    it('lists the same inbox as reading each record, in a bounded number of queries', async () => {
      for (const userRef of REVIEWERS) {
        for (const limit of [1000, 7]) {
          const { batched, single } = await inboxBothWays(userRef, limit);
          expect(batched.result).toEqual(single.result);
          expect(batched.queries).toBeLessThanOrEqual(15);
        }
      }
      // The business owner has an item on every record; the old path read each of them.
      const { batched, single } = await inboxBothWays(USERS.business, 1000);
      expect(new Set(batched.result.items.map(i => i.entityRef)).size).toBe(
        RECORDS,
      );
      expect(single.queries).toBeGreaterThan(RECORDS);
    });

    it("gives the portfolio's records the same waitingOn as reading each record", async () => {
      const page = await engine.listPortfolio({ limit: 50 });
      expect(page.items.length).toBe(50);
      expect(page.items.every(i => i.waitingOn)).toBe(true);
      const bare = {
        ...page,
        items: page.items.map(({ waitingOn: _w, ...item }) => ({ ...item })),
      };
      const single = await withWaitingOn(bare, perRecord(engine), deps.clock());
      expect(page).toEqual(single);
    });
  },
);
