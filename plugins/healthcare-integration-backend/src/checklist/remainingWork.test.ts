import { TestDatabases } from '@backstage/backend-test-utils';
import {
  nextRemaining,
  remainingWork,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { startMonitoring } from '../testing/alertTestKit';
import { ROLE_HOLDERS, USERS, intake } from '../testing/fixtures';

/**
 * The "what is left" checklist fed with what the backend really returns: the engine's status
 * and the monitoring summary (the shapes the tab receives from the API).
 */
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const requester = { ref: USERS.requester, isUser: true };

describe.each(databases.eachSupportedId())(
  'the remaining work of a record on %s',
  databaseId => {
    it('lists the current stage’s decision first, and the evidence later gates need, in plain words', async () => {
      const kit = await startMonitoring(await databases.init(databaseId));
      await kit.engine.create(
        intake('lab-feed', {
          phi: true,
          externalVendor: true,
          vendorName: 'Acme Labs',
        }),
        requester,
      );
      const ref = 'component:default/lab-feed';
      const status = await kit.engine.getStatus(ref);
      const items = remainingWork({ status, now: kit.now() });

      const intakeGate = status.gates.find(g => g.stage === 'intake')!;
      expect(items[0]).toMatchObject({
        kind: 'decision',
        link: { section: 'gates', id: intakeGate.id },
        blockedBy: [],
        dueAt: intakeGate.dueAt,
      });
      expect(items[0].text).toContain(intakeGate.title);
      // Each later gate's evidence is one item, for the requester, linked to its kind.
      const baa = items.find(i => i.key === 'evidence:baa');
      expect(baa).toMatchObject({
        party: 'requester',
        partyLabel: 'Requester',
        holders: [USERS.requester],
        link: { section: 'evidence', id: 'baa' },
      });
      expect(baa!.text).toBe('Upload the Business associate agreement (BAA)');
      // Every open gate has exactly one decision item, and the gates blocked by missing
      // evidence say so.
      const open = status.gates.filter(
        g => g.blockers.length || g.status === 'pending',
      );
      for (const gate of open) {
        const item = items.find(i => i.key === `gate:${gate.id}`);
        expect(item).toBeDefined();
        expect(item!.blockedBy.length > 0).toBe(gate.blockers.length > 0);
        // What blocks a gate never reads as the gate itself (the security review needs the
        // security review report, not "Security review").
        expect(item!.blockedBy).not.toContain(gate.title);
      }
      expect(
        items.find(i => i.key === 'gate:security-review')!.blockedBy,
      ).toContain('Security review report');
      // No slug or role key reaches a person.
      for (const item of items) {
        expect(item.text).not.toMatch(
          /technicalOwner|test-result|happy-path|\bbaa\b/,
        );
      }
      // The test scenarios, for the test owner's holder.
      const happy = items.find(i => i.key === 'test:happy-path');
      expect(happy).toMatchObject({
        party: 'testOwner',
        link: { section: 'tests', id: 'happy-path' },
      });
      expect(happy!.text).toBe(
        'Run the “Happy path” test and record its result',
      );

      // Uploading the BAA takes it off the list.
      await kit.engine.uploadEvidence(
        ref,
        {
          kind: 'baa',
          title: 'Signed BAA',
          contentBase64: Buffer.from('baa').toString('base64'),
        },
        requester,
      );
      const after = remainingWork({
        status: await kit.engine.getStatus(ref),
        now: kit.now(),
      });
      expect(after.find(i => i.key === 'evidence:baa')).toBeUndefined();
      expect(after.length).toBeLessThan(items.length);
    });

    it('puts moving on first once the stage is done, then later stages’ work nearest stage first', async () => {
      const kit = await startMonitoring(await databases.init(databaseId));
      await kit.engine.create(intake('orders-feed'), requester);
      const ref = 'component:default/orders-feed';
      await kit.engine.decide(
        ref,
        'intake',
        { decision: 'approve', comment: 'reason and systems confirmed' },
        { ref: USERS.business, isUser: true },
      );
      const status = await kit.engine.getStatus(ref);
      expect(status.record.stage).toBe('intake');
      const items = remainingWork({ status, now: kit.now() });

      expect(items[0]).toMatchObject({
        kind: 'stage-move',
        text: 'Move the integration to Design',
        blockedBy: [],
      });
      expect(nextRemaining(items)!.kind).toBe('stage-move');
      // Each gate's decision, in lifecycle order: design before test before ready, although the
      // go-live gate (3-day SLA) is due before the test gate (10 days).
      const order = ['design', 'build', 'test', 'ready'];
      const stages = items
        .filter(i => i.kind === 'decision')
        .map(i => status.gates.find(g => `gate:${g.id}` === i.key)!.stage);
      expect(stages).toEqual(
        [...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      );
      expect(new Set(stages)).toEqual(new Set(['design', 'test', 'ready']));
    });

    it('puts an open error exception of a live integration first, for the role it is routed to', async () => {
      const kit = await startMonitoring(await databases.init(databaseId));
      const ref = await kit.record('adt-live');
      await kit.monitoring.ingest([
        {
          integrationRef: ref,
          category: 'technical',
          kind: 'failed-message',
          severity: 'error',
          count: 3,
          occurredAt: kit.now().toISOString(),
          source: 'mirth',
          dedupKey: 'k1',
        },
      ]);
      const monitoring = await kit.monitoring.summary(ref);
      const status = await kit.engine.getStatus(ref);
      const items = remainingWork({ status, monitoring, now: kit.now() });
      const exception = monitoring.exceptions[0];
      expect(nextRemaining(items)).toMatchObject({
        kind: 'exception',
        party: 'technicalOwner',
        partyLabel: 'Integration owner',
        holders: [ROLE_HOLDERS.technicalOwner],
        link: { section: 'monitoring', id: exception.id },
      });
      expect(nextRemaining(items)!.text).toBe(
        'Acknowledge and resolve the error exception “Failed message” (3 events)',
      );

      // Resolved, it is no longer work left.
      await kit.monitoring.transition(ref, exception.id, 'resolved', {
        ref: USERS.technical,
        isUser: true,
      });
      const resolved = remainingWork({
        status,
        monitoring: await kit.monitoring.summary(ref),
        now: kit.now(),
      });
      expect(resolved.some(i => i.kind === 'exception')).toBe(false);
    });
  },
);
