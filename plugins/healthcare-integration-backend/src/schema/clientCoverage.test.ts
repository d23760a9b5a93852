import { HealthcareIntegrationClient } from '@hcig/backstage-plugin-healthcare-integration-common';
import { ROUTES } from './routes';

/** Routes no client calls, and why. */
const NOT_FOR_THE_CLIENT: Record<string, string> = {
  'ingest-alertmanager':
    "Alertmanager's webhook receiver posts here itself, with its own payload",
};

const REF = 'component:default/lab-orders';

/**
 * Every route the router serves has a method on the typed client that the frontend, the
 * scaffolder actions and the example seeder use, with the route's method and path.
 */
describe('the typed client', () => {
  it('has a method for every route, sending its method and path', async () => {
    const sent: Array<{ method: string; path: string }> = [];
    const client = new HealthcareIntegrationClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/hi' },
      fetchApi: {
        fetch: (async (url: string, init: RequestInit) => {
          sent.push({
            method: (init.method ?? 'GET').toLowerCase(),
            path: new URL(url).pathname.replace('/api/hi', ''),
          });
          return new Response('{}', {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          });
        }) as typeof fetch,
      },
    });
    const c = client as any;
    const calls: Array<() => Promise<unknown>> = [
      () => c.getPolicy(),
      () => c.previewPolicy({ policy: {} }),
      () => c.listPolicyVersions(),
      () => c.getPolicyVersion(2),
      () => c.listIntegrations({}),
      () => c.createIntegration({}),
      () => c.getStatus(REF),
      () => c.updateIntegration(REF, {}),
      () => c.decideGate(REF, 'intake', {}),
      () => c.waiveGate(REF, 'intake', {}),
      () => c.confirmWaiver(REF, 'intake', {}),
      () => c.decideRecordChange(REF, 'c1', {}),
      () => c.withdrawRecordChange(REF, 'c1'),
      () => c.uploadEvidence(REF, {}),
      () => c.getEvidenceContent(REF, 'e1'),
      () => c.recordTest(REF, 'happy-path', {}),
      () => c.moveStage(REF, {}),
      () => c.openChangeRequest(REF, {}),
      () => c.updateChangeRequest(REF, 'c1', {}),
      () => c.moveChangeRequest(REF, 'c1', 'authorised'),
      () => c.ingestEvents([]),
      () => c.listIngestProblems(),
      () => c.getMonitoring(REF),
      () => c.moveException(REF, 'x1', 'acknowledge'),
      () => c.moveException(REF, 'x1', 'resolve'),
      () => c.getInbox(),
      () => c.listCatalogEntities(),
      () => c.getAuditTrail(REF),
      () => c.verifyAuditTrail(REF),
      () => c.getIntegrationCheckpoint(REF),
      () => c.exportEvidencePack(REF),
      () => c.getAuditReport(REF),
      () => c.getFhirAuditBundle(REF),
      () => c.listAuditCheckpoints(),
      () => c.getAuditKeys(),
      () => c.validateMapping({}),
      () => c.getMapping(REF),
      () => c.putMapping(REF, {}),
      () => c.confirmMappingRow(REF, 'r1', {}),
      () => c.disputeMappingRow(REF, 'r1', {}),
      () => c.runMapping(REF, {}),
      () => c.getOperatingModel(REF),
      () => c.getOperatingModelVersion(REF, 1),
      () => c.diffOperatingModel(REF, 1, 2),
    ];
    for (const call of calls) await call();

    const routeOf = ({ method, path }: { method: string; path: string }) =>
      ROUTES.find(
        r =>
          r.method === method &&
          new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path),
      )?.id ?? `no route for ${method.toUpperCase()} ${path}`;
    const covered = new Set(sent.map(routeOf));
    const expected = ROUTES.map(r => r.id).filter(
      id => !(id in NOT_FOR_THE_CLIENT),
    );
    expect([...covered].sort()).toEqual(expected.sort());
  });
});
