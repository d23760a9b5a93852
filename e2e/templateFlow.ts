import { strict as assert } from 'node:assert';
import type { IntegrationProfile } from '@hcig/backstage-plugin-healthcare-integration-common';
import { signInAs } from './portal';
import { api, step } from './http';

/*
 * The portal's templates driven through the scaffolder API, as the scaffolder UI does:
 * intake creates a record whose gates match the policy for the answers, the integration appears
 * in the catalog with its data-flow relations, bad input is refused naming the field, and a
 * change request reopens the gates the policy names for its type.
 */

async function poll<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function runTemplate(token: string, templateRef: string, values: object) {
  const created = await api(token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef,
    values,
  });
  assert.equal(
    created.status,
    201,
    `task not created: ${JSON.stringify(created.body)}`,
  );
  const task = await poll(`task ${created.body.id}`, 120_000, async () => {
    const t = await api(
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${created.body.id}`,
    );
    return ['completed', 'failed', 'cancelled'].includes(t.body.status)
      ? t.body
      : undefined;
  });
  if (task.status !== 'completed') {
    const events = await api(
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
    );
    const log = (events.body as any[])
      .map(e => e.body?.message)
      .filter(Boolean)
      .join('\n');
    throw new Error(`template ${templateRef} ${task.status}:\n${log}`);
  }
  return task;
}

/** Resolves to the name of the integration the intake template created. */
export async function templateFlow(): Promise<string> {
  const priya = await signInAs('priya.patel');
  const name = `imaging-orders-${Date.now().toString(36)}`;
  const profile: IntegrationProfile = {
    phi: true,
    externalVendor: false,
    patientFacing: false,
    dataClasses: ['demographics', 'imaging'],
    messageTypes: ['ORM^O01'],
    sourceSystem: 'component:default/epic-ehr',
    destinationSystem: 'component:default/pacs-imaging',
    patientPopulation: 'Outpatient radiology, main campus',
    businessReason:
      'Radiology orders are re-keyed into PACS by hand; errors delay scans.',
    urgency: 'high',
  };

  step('bad intake input is refused, naming the field');
  const bad = await api(priya, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/integration-intake',
    values: { name, title: 'Imaging orders' },
  });
  assert.equal(bad.status, 400, `expected 400, got ${bad.status}`);
  assert.match(
    JSON.stringify(bad.body),
    /businessReason|sourceSystem|required/,
  );

  step(`intake template creates ${name}`);
  await runTemplate(priya, 'template:default/integration-intake', {
    name,
    title: 'Epic → PACS imaging orders',
    ...profile,
    complianceRisk: 'moderate',
    minimumNecessaryJustification:
      'Only order, patient identifiers and clinical indication are sent.',
    phiSafeguards:
      'TLS 1.2 on the interface engine; PACS service account is least-privilege.',
    businessOwner: 'user:default/chris.nguyen',
    technicalOwner: 'user:default/dev.ops',
    processOwner: 'user:default/jordan.lee',
    securityReviewer: 'group:default/security-office',
    complianceReviewer: 'group:default/compliance-office',
    testOwner: 'user:default/alex.kim',
    supportOwner: 'group:default/it-support',
  });
  const ref = `component:default/${name}`;
  const status = await api(
    priya,
    'GET',
    `/api/healthcare-integration/integrations/default/${name}`,
  );
  assert.equal(status.status, 200);
  // Written out from docs/policy.md for this profile (PHI, no vendor, not patient-facing): the
  // always-on gates plus security and compliance review; no vendor-risk, no patient-access review.
  const expected = [
    'intake',
    'mapping-review',
    'security-review',
    'compliance-review',
    'test-evidence',
    'monitoring-plan',
    'go-live',
  ];
  assert.deepEqual(
    status.body.gates.map((g: any) => g.id),
    expected,
    'gates derived by the policy',
  );
  assert.ok(
    expected.includes('security-review') && !expected.includes('vendor-risk'),
  );
  assert.ok(
    status.body.evidence.length >= 1,
    'the template attached the operating model as evidence',
  );
  step(`record ${ref} with gates ${expected.join(', ')}`);

  step('the catalog shows it with source → integration → destination');
  const entity = await poll('the entity in the catalog', 90_000, async () => {
    const r = await api(
      priya,
      'GET',
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    const relations = r.body?.relations ?? [];
    return relations.some((x: any) => x.type === 'receivesDataFrom')
      ? r.body
      : undefined;
  });
  const rel = (type: string) =>
    entity.relations
      .filter((r: any) => r.type === type)
      .map((r: any) => r.targetRef);
  assert.deepEqual(rel('receivesDataFrom'), ['component:default/epic-ehr']);
  assert.deepEqual(rel('sendsDataTo'), ['component:default/pacs-imaging']);

  step(
    'change-request template on a live integration reopens the policy’s gates',
  );
  await runTemplate(priya, 'template:default/integration-change-request', {
    entityRef: 'component:default/ehr-lab-orders',
    type: 'new-field',
    changeClass: 'normal',
    summary: 'Send ordering provider NPI (ORC-12) to the LIS',
    impactAssessment:
      'LIS needs the NPI for reflex-test billing; mapping gains one row, no workflow change.',
    notify: ['group:default/clinical-informatics'],
  });
  const live = await api(
    priya,
    'GET',
    '/api/healthcare-integration/integrations/default/ehr-lab-orders',
  );
  const reopened = live.body.gates
    .filter((g: any) => g.status === 'reopened')
    .map((g: any) => g.id)
    .sort();
  // docs/policy.md: a new-field change reopens the mapping review and the test evidence.
  assert.deepEqual(reopened, ['mapping-review', 'test-evidence']);
  step(`change request reopened ${reopened.join(', ')}`);
  return name;
}
