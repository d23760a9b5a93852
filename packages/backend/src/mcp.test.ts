import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import healthcareIntegrationPlugin, {
  generateSigningKey,
} from '@hcig/backstage-plugin-healthcare-integration-backend';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  CATALOG_ENTITIES,
  USERS,
  intake,
} from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';

jest.setTimeout(60_000);

/**
 * The portal's MCP server as an AI client sees it: the MCP actions backend with the
 * governance plugin as its action source, called over MCP's streamable HTTP transport with
 * a user's token.
 */
describe('governance tools over MCP', () => {
  let base: string;

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        healthcareIntegrationPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        catalogServiceMock.factory({ entities: CATALOG_ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['healthcare-integration'] } },
            healthcareIntegration: {
              audit: {
                signing: { privateKey: generateSigningKey().privateKeyPem },
              },
            },
          },
        }),
      ],
    });
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    const created = await fetch(
      `${base}/api/healthcare-integration/integrations`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(USERS.requester),
        },
        body: JSON.stringify(intake('lab-results-feed', { phi: true })),
      },
    );
    if (created.status !== 201) throw new Error(await created.text());
  });

  let id = 0;
  /** One JSON-RPC request to the stateless MCP endpoint; the answer comes as an SSE event. */
  async function mcp(userRef: string, method: string, params: object = {}) {
    const res = await fetch(`${base}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        Authorization: mockCredentials.user.header(userRef),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const data = text
      .split('\n')
      .filter(l => l.startsWith('data: '))
      .map(l => JSON.parse(l.slice(6)));
    const message = data.length ? data[data.length - 1] : JSON.parse(text);
    if (message.error) throw new Error(JSON.stringify(message.error));
    return message.result;
  }

  it('lists the governance tools, none of which decides', async () => {
    const { tools } = await mcp(USERS.requester, 'tools/list');
    const names = tools.map((t: any) => t.name).sort();
    expect(names).toEqual([
      'healthcare-integration.explain-gate',
      'healthcare-integration.get-governance-status',
      'healthcare-integration.list-my-pending-reviews',
      'healthcare-integration.open-change-request',
      'healthcare-integration.validate-mapping-spec',
    ]);
    const open = tools.find(
      (t: any) => t.name === 'healthcare-integration.open-change-request',
    );
    expect(open.annotations).toMatchObject({ destructiveHint: true });
  });

  it('answers what blocks the next stage, as the calling user', async () => {
    const result = await mcp(USERS.requester, 'tools/call', {
      name: 'healthcare-integration.get-governance-status',
      arguments: { entityRef: 'lab-results-feed' },
    });
    expect(result.isError).toBeFalsy();
    const status = JSON.parse(result.content[0].text);
    expect(status).toMatchObject({
      entityRef: 'component:default/lab-results-feed',
      stage: 'intake',
      nextStage: 'design',
      canAdvance: false,
      blockers: [{ gateId: 'intake', waitingOn: [{ role: 'businessOwner' }] }],
    });
  });

  it('refuses a change request on an integration that is not live, naming the rule', async () => {
    const result = await mcp(USERS.requester, 'tools/call', {
      name: 'healthcare-integration.open-change-request',
      arguments: {
        entityRef: 'lab-results-feed',
        type: 'new-field',
        summary: 'Add ethnicity',
        impactAssessment: 'Adds PID-22 to the feed',
      },
    });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/rule: change-on-live-only/);
  });
});
