import type { AddressInfo } from 'node:net';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startGovernanceBackend } from './__testUtils__/governanceBackend';
import {
  ROLE_HOLDERS,
  USERS,
  intake,
} from '@hcig/backstage-plugin-healthcare-integration-node/testUtils';
import { HealthcareIntegrationEntityProcessor } from './HealthcareIntegrationEntityProcessor';
import {
  HealthcareIntegrationEntityProvider,
  RECORDS_LOCATION,
} from './HealthcareIntegrationEntityProvider';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const gitEntity = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:https://git.example.org/catalog/integrations/${name}.yaml`,
      'backstage.io/managed-by-origin-location':
        'url:https://git.example.org/catalog/all.yaml',
      ...annotations,
    },
  },
  spec: {
    type: 'healthcare-integration',
    lifecycle: 'production',
    owner: 'group:default/integration-engineering',
  },
});

/** An entity this provider published on an earlier run: it must not block republishing. */
const publishedEarlier: Entity = {
  ...gitEntity('adt-feed'),
  metadata: {
    name: 'adt-feed',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': RECORDS_LOCATION,
      'backstage.io/managed-by-origin-location': RECORDS_LOCATION,
    },
  },
};

function fakeConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

describe('HealthcareIntegrationEntityProvider against the governance backend', () => {
  let baseUrl: string;
  let fetchSpy: jest.SpyInstance;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const api = await startGovernanceBackend(knex);
    const { port } = api.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}/api/healthcare-integration`;

    const create = async (body: object) => {
      const res = await api.as(USERS.requester).post('/integrations', body);
      expect(res.status).toBe(201);
    };
    await create(
      intake('adt-feed', {
        phi: true,
        dataClasses: ['demographics', 'clinical'],
      }),
    );
    await create({
      ...intake('pharmacy-orders', {
        phi: true,
        dataClasses: ['medications'],
        destinationSystem: 'component:default/pharmacy-system',
      }),
      // A team that is not the requester's own (separation of duties).
      roles: { ...ROLE_HOLDERS, technicalOwner: 'group:default/it-support' },
    });
    await create(intake('lab-orders-git'));
    await create(intake('claims-record'));
    await create(
      intake('vendor-feed', {
        externalVendor: true,
        vendorName: 'ClearPath Claims Exchange',
      }),
    );
  });

  beforeEach(() => {
    fetchSpy = jest.spyOn(global, 'fetch');
  });
  afterEach(() => fetchSpy.mockRestore());

  function provider(entities: Entity[], pageSize = 2) {
    return new HealthcareIntegrationEntityProvider({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      logger: mockServices.logger.mock(),
      pageSize,
    });
  }

  it('publishes intake-created records as Components, skipping those defined in Git, over several pages', async () => {
    const p = provider([
      publishedEarlier,
      gitEntity('lab-orders-git'),
      // A Git entity under another name that links to its record through the annotation.
      gitEntity('claims-837', {
        'healthcare-integration/record-ref': 'component:default/claims-record',
      }),
      {
        ...gitEntity('epic-ehr'),
        spec: { type: 'clinical-system', lifecycle: 'production', owner: 'x' },
      },
    ]);
    const { connection, mutations } = fakeConnection();
    await p.connect(connection);

    const result = await p.refresh();

    // 5 records at 2 per page: three requests to the governance backend.
    const recordRequests = fetchSpy.mock.calls.filter(([url]) =>
      String(url).includes('/catalog-entities'),
    );
    expect(recordRequests).toHaveLength(3);
    expect(result.skipped.sort()).toEqual([
      'component:default/claims-record',
      'component:default/lab-orders-git',
    ]);
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    const byName = new Map(
      mutation.entities.map(d => [d.entity.metadata.name, d]),
    );
    expect([...byName.keys()].sort()).toEqual([
      'adt-feed',
      'pharmacy-orders',
      'vendor-feed',
    ]);

    const adt = byName.get('adt-feed')!;
    expect(adt.locationKey).toBeUndefined();
    expect(adt.entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'adt-feed',
        namespace: 'default',
        title: 'Integration adt-feed',
        description: 'Bed management needs admissions in near real time',
        annotations: {
          'backstage.io/managed-by-location': 'healthcare-integration:records',
          'backstage.io/managed-by-origin-location':
            'healthcare-integration:records',
        },
        tags: ['phi'],
      },
      spec: {
        type: 'healthcare-integration',
        lifecycle: 'experimental',
        // The technical owner is a person here, so the requester owns the entity.
        owner: USERS.requester,
        dependsOn: [
          'component:default/epic-ehr',
          'component:default/analytics-warehouse',
        ],
        healthcare: expect.objectContaining({
          phi: true,
          externalVendor: false,
          patientFacing: false,
          dataClasses: ['demographics', 'clinical'],
          messageTypes: ['ADT^A01'],
          sourceSystem: 'component:default/epic-ehr',
          destinationSystem: 'component:default/analytics-warehouse',
          urgency: 'normal',
          roles: ROLE_HOLDERS,
        }),
      },
    });

    // A team as technical owner owns the entity.
    expect(byName.get('pharmacy-orders')!.entity.spec!.owner).toBe(
      'group:default/it-support',
    );
    expect(byName.get('vendor-feed')!.entity.metadata.tags).toEqual([
      'external-vendor',
    ]);

    // What the provider publishes passes the catalog module's own validation.
    const processor = new HealthcareIntegrationEntityProcessor();
    for (const { entity } of mutation.entities) {
      await expect(processor.validateEntityKind(entity)).resolves.toBe(true);
    }
  });

  it('reads with a single request when one page holds every record', async () => {
    const { connection, mutations } = fakeConnection();
    const p = provider([], 200);
    await p.connect(connection);
    await p.refresh();
    expect(
      fetchSpy.mock.calls.filter(([url]) =>
        String(url).includes('/catalog-entities'),
      ),
    ).toHaveLength(1);
    expect(mutations[0].type === 'full' && mutations[0].entities).toHaveLength(
      5,
    );
  });

  it('applies nothing when the governance backend cannot be read', async () => {
    fetchSpy.mockImplementation(
      async () =>
        new Response(
          JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
    );
    const { connection, mutations } = fakeConnection();
    const p = provider([]);
    await p.connect(connection);
    await expect(p.refresh()).rejects.toThrow(/403/);
    expect(mutations).toEqual([]);
  });

  it('refuses to run before the catalog connects', async () => {
    await expect(provider([]).refresh()).rejects.toThrow(/not connected/);
  });
});
