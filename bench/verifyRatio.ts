/* eslint-disable no-console */
// Measures, in this one process, the raw SHA-256 rate of an integration's hashed audit bytes and
// the rate of verifyStoredChain (the API's verification) over the same rows. Prints JSON.
import { createHash } from 'node:crypto';
import knexFactory from 'knex';
import { canonicalJson } from '@hcig/backstage-plugin-healthcare-integration-common';
import { verifyStoredChain } from '../plugins/healthcare-integration-backend/src/database/auditChain';

async function main() {
  const [url, ref] = process.argv.slice(2);
  const knex = url.startsWith('postgres')
    ? knexFactory({ client: 'pg', connection: url })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: url },
        useNullAsDefault: true,
      });
  const rows = await knex('hip_audit_events')
    .where({ entity_ref: ref })
    .orderBy('seq');
  await knex.destroy();
  // The exact bytes the chain hashes: prevHash followed by the canonical JSON of the event.
  const bodies: string[] = rows.map(
    (r: any) =>
      r.prev_hash +
      canonicalJson({
        integrationRef: r.entity_ref,
        seq: Number(r.seq),
        at: r.at,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        payload: JSON.parse(r.payload),
      }),
  );
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
  const raw = () =>
    bodies.forEach(b => createHash('sha256').update(b).digest('hex'));
  const verify = () => {
    if (!verifyStoredChain(ref, rows).ok)
      throw new Error('chain does not verify');
  };
  raw();
  verify();
  // Interleaved rounds; the best of each counts (the least disturbed by GC and neighbours).
  let rawSeconds = Infinity;
  let verifySeconds = Infinity;
  for (let r = 0; r < 9; r++) {
    let t = process.hrtime.bigint();
    raw();
    rawSeconds = Math.min(
      rawSeconds,
      Number(process.hrtime.bigint() - t) / 1e9,
    );
    t = process.hrtime.bigint();
    verify();
    verifySeconds = Math.min(
      verifySeconds,
      Number(process.hrtime.bigint() - t) / 1e9,
    );
  }
  console.log(
    JSON.stringify({
      events: rows.length,
      bytes,
      rawRate: bytes / rawSeconds,
      verifyRate: bytes / verifySeconds,
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
