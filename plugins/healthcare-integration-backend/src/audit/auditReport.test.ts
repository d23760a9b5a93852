import { TestDatabases } from '@backstage/backend-test-utils';
import { TEST_SCENARIOS } from '@hcig/backstage-plugin-healthcare-integration-common';
import { base64, startGovernanceBackend } from '../testing/testBackend';
import { USERS, intake } from '../testing/fixtures';
import { escapeHtml } from './auditReport';
import { verifyEvidencePack } from './verifyEvidencePack';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe.each(databases.eachSupportedId())(
  'the audit report on %s',
  databaseId => {
    it('is a downloadable, script-free HTML page of the pack, with every stored string escaped', async () => {
      const knex = await databases.init(databaseId);
      const api = await startGovernanceBackend(knex);
      const name = 'report-feed';
      const rec = `/integrations/default/${name}`;
      const title = 'Lab <b>orders</b> & "results"';
      expect(
        (
          await api
            .as(USERS.requester)
            .post('/integrations', { ...intake(name), title })
        ).status,
      ).toBe(201);
      const spec = await api.as(USERS.requester).post(`${rec}/evidence`, {
        kind: 'test-result',
        title: '<img src=x onerror=alert(1)> run',
        mediaType: 'application/json',
        contentBase64: base64('{"passed":true}'),
      });
      expect(spec.status).toBe(201);
      expect(
        (
          await api.as(USERS.business).post(`${rec}/gates/intake/decisions`, {
            decision: 'approve',
            comment: '<script>alert("approved")</script> fine by revenue cycle',
          })
        ).status,
      ).toBe(200);
      for (const s of TEST_SCENARIOS) {
        expect(
          (
            await api.as(USERS.tester).put(`${rec}/tests/${s}`, {
              result: 'passed',
              evidenceId: spec.body.id,
            })
          ).status,
        ).toBe(200);
      }
      const plan = await api.as(USERS.requester).post(`${rec}/evidence`, {
        kind: 'monitoring-plan',
        title: 'Alert routing plan',
        mediaType: 'text/plain',
        contentBase64: base64('alerts to IT support'),
      });
      const runbook = await api.as(USERS.requester).post(`${rec}/evidence`, {
        kind: 'runbook',
        title: 'Failed-message runbook',
        url: 'https://wiki.example.org/runbook',
      });
      expect(
        (
          await api
            .as(USERS.support)
            .post(`${rec}/gates/monitoring-plan/decisions`, {
              decision: 'approve',
              comment: 'Plan and runbook reviewed',
            })
        ).status,
      ).toBe(200);
      const waiver = await api
        .as(USERS.compliance)
        .post(`${rec}/gates/mapping-review/waiver`, {
          justification:
            'Monitoring is covered by the <i>enterprise</i> NOC until the plan is written',
          expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        });
      expect(waiver.status).toBe(200);
      const ingest = await api.asService().post('/monitoring/events', {
        events: [
          {
            integrationRef: `component:default/${name}`,
            category: 'technical',
            kind: 'queue-delay',
            severity: 'warning',
            count: 3,
            occurredAt: new Date().toISOString(),
            source: 'mirth:prod',
            dedupKey: 'report-1',
            message: '<b>queue</b> backing up',
          },
        ],
      });
      expect(ingest.body).toMatchObject({ accepted: 1 });

      const res = await api.as(USERS.compliance).get(`${rec}/audit/report`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toMatch(
        /^default-src 'none'; style-src 'unsafe-inline'/,
      );
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="audit-report-component_default_report-feed.html"',
      );
      expect(res.headers['x-evidence-pack-id']).toMatch(/^[0-9a-f-]{36}$/);
      const html: string = res.text;

      // Nothing stored becomes markup.
      expect(html).not.toMatch(/<script|<img|<i>|<b>queue/);
      expect(html).toContain(
        '<title>Audit report: Lab &lt;b&gt;orders&lt;/b&gt; &amp; &quot;results&quot;</title>',
      );
      expect(html).toContain(
        '&lt;script&gt;alert(&quot;approved&quot;)&lt;/script&gt; fine by revenue cycle',
      );
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; run');
      expect(html).toContain(
        'Monitoring is covered by the &lt;i&gt;enterprise&lt;/i&gt; NOC',
      );

      // What a reviewer reads: who approved what with the evidence they saw, tests, waivers, exceptions, proof.
      for (const heading of [
        'Chain and signature status',
        'The integration',
        'Who approved what, and when',
        'Test matrix',
        'Change history',
        'Waivers',
        'Open exceptions',
        'Evidence',
        'Operating model',
        'Audit trail',
      ]) {
        expect(html).toContain(`>${heading}</h2>`);
      }
      const approvals = html.slice(
        html.indexOf('id="approvals"'),
        html.indexOf('id="tests"'),
      );
      expect(approvals).toContain(USERS.business);
      expect(approvals).toContain('<strong>approve</strong>');
      // The intake gate covers no evidence; the monitoring-plan approver saw the plan and the runbook.
      expect(approvals).toContain(
        '<span class="empty">no evidence of the gate’s kinds</span><br><span class="ok">✔ matches the digest recorded with the decision</span>',
      );
      const monitoringRow = approvals.slice(
        approvals.indexOf('Plan and runbook reviewed'),
      );
      expect(monitoringRow).toContain(
        `Alert routing plan (monitoring-plan) <code title="${
          plan.body.sha256
        }">${plan.body.sha256.slice(0, 16)}…</code><br>` +
          `Failed-message runbook (runbook) <code title="${
            runbook.body.sha256
          }">${runbook.body.sha256.slice(0, 16)}…</code>` +
          '<br><span class="ok">✔ matches the digest recorded with the decision</span>',
      );
      const tests = html.slice(
        html.indexOf('id="tests"'),
        html.indexOf('id="changes"'),
      );
      expect(tests.match(/<strong>passed<\/strong>/g)).toHaveLength(
        TEST_SCENARIOS.length,
      );
      const exceptions = html.slice(
        html.indexOf('id="exceptions"'),
        html.indexOf('id="evidence"'),
      );
      expect(exceptions).toContain('technical / queue-delay');
      expect(exceptions).toContain(USERS.technical);
      const model = html.slice(
        html.indexOf('id="operating-model"'),
        html.indexOf('id="trail"'),
      );
      // Version 1 from intake; its document names the record, escaped like every stored string.
      expect(model).toContain('<td>intake</td>');
      expect(model).toContain(
        'Version 1: Operating model: Lab &lt;b&gt;orders&lt;/b&gt; &amp; &quot;results&quot;</h3>',
      );
      expect(model).toContain('>Exception routing</h3>');
      expect(html).toContain('✔ intact:');
      expect(html).toContain(
        '✔ every gate, decision, waiver, evidence item, test, change and exception below is what the chain records',
      );
      expect(html).toContain('HIPAA §164.316(b)(2)(i)');
      expect(html).toContain('@media print');

      // The same report travels in the signed pack, and the pack verifies with it.
      const pack = (await api.as(USERS.compliance).get(`${rec}/audit/export`))
        .body;
      const keys = (await api.as(USERS.compliance).get('/audit/keys')).body;
      expect(verifyEvidencePack(pack, { keys })).toMatchObject({ ok: true });
      expect(pack.report.html).toContain('Who approved what, and when</h2>');
      expect(pack.report.html).toContain(pack.packId);
    });
  },
);
