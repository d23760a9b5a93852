import { strict as assert } from 'node:assert';
import { signInAs } from './portal';
import { api, step } from './http';

/*
 * The trust model against the running portal, with its real auth and permission policy: the
 * monitoring static token from app-config may ingest and nothing else; a participant's attempt to
 * hand themselves a role becomes a proposal that they cannot approve; PHI audit trails stay with
 * participants and auditors, platform administrators included.
 */

const MONITORING_TOKEN =
  process.env.MONITORING_TOKEN ?? 'example-monitoring-token-not-for-production';

/** The plugin's API: paths below /api/healthcare-integration. */
const call = (token: string, method: string, path: string, body?: unknown) =>
  api(token, method, `/api/healthcare-integration${path}`, body);

export async function trustFlow() {
  const record = '/integrations/default/ehr-lab-orders';

  step('the monitoring token may ingest');
  const ingest = await call(MONITORING_TOKEN, 'POST', '/monitoring/events', {
    events: [
      {
        integrationRef: 'component:default/ehr-lab-orders',
        category: 'technical',
        kind: 'queue-delay',
        severity: 'warning',
        occurredAt: new Date().toISOString(),
        source: 'e2e',
        dedupKey: `e2e-trust-${Date.now()}`,
      },
    ],
  });
  assert.equal(ingest.status, 200, JSON.stringify(ingest.body));
  assert.equal(ingest.body.accepted, 1);

  step(
    '…and nothing else: edit, stage move, evidence, audit export are refused',
  );
  for (const [method, path, body] of [
    ['PATCH', record, { title: 'Renamed by the monitoring token' }],
    ['POST', `${record}/stage`, { to: 'retired' }],
    [
      'POST',
      `${record}/evidence`,
      { kind: 'other', title: 'x', url: 'https://example.org/x' },
    ],
    ['GET', `${record}/audit/export`, undefined],
  ] as const) {
    const res = await call(MONITORING_TOKEN, method, path, body);
    assert.equal(
      res.status,
      403,
      `${method} ${path} with the monitoring token: ${res.status}`,
    );
    assert.match(res.body.error.message, /rule: principal-kind/);
  }

  step(
    'a participant naming himself business owner gets a proposal he cannot approve',
  );
  const dev = await signInAs('dev.ops');
  const before = await call(dev, 'GET', record);
  const proposal = await call(dev, 'PATCH', record, {
    roles: { businessOwner: 'user:default/dev.ops' },
  });
  assert.equal(proposal.status, 202, JSON.stringify(proposal.body));
  assert.equal(
    proposal.body.record.roles.businessOwner,
    before.body.record.roles.businessOwner,
  );
  const change = proposal.body.recordChanges[0];
  const self = await call(
    dev,
    'POST',
    `${record}/record-changes/${change.id}/decisions`,
    {
      decision: 'approve',
      comment: 'I own it now',
    },
  );
  assert.equal(self.status, 403);
  assert.match(self.body.error.message, /rule: proposer-cannot-approve/);
  const withdrawn = await call(
    dev,
    'POST',
    `${record}/record-changes/${change.id}/withdraw`,
  );
  assert.equal(withdrawn.status, 200);

  step(
    'the requester may not ingest; an administrator may not read the PHI audit trail',
  );
  const priya = await signInAs('priya.patel');
  assert.equal(
    (await call(priya, 'POST', '/monitoring/events', { events: [] })).status,
    403,
  );
  const admin = await signInAs('admin');
  const audit = await call(
    admin,
    'GET',
    '/integrations/default/adt-analytics-feed/audit',
  );
  assert.equal(audit.status, 403);
  assert.match(audit.body.error.message, /rule: phi-floor/);
  const sam = await signInAs('sam.okafor');
  assert.equal(
    (await call(sam, 'GET', '/integrations/default/adt-analytics-feed/audit'))
      .status,
    200,
  );
  step('trust model holds in the running portal');
}
