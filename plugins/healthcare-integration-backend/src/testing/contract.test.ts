import { TestDatabases } from '@backstage/backend-test-utils';
import type { Response } from 'supertest';
import { checkContract } from './contract';
import { startGovernanceBackend } from './testBackend';
import { USERS, intake } from './fixtures';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('the contract check every HTTP test runs', () => {
  it('passes what the backend sends and refuses a body that breaks the published schema', async () => {
    const api = await startGovernanceBackend(await databases.init('SQLITE_3'));
    const created = await api
      .as(USERS.requester)
      .post('/integrations', intake('contract'));
    expect(created.status).toBe(201);
    const read = await api
      .as(USERS.requester)
      .get('/integrations/default/contract');
    expect(read.status).toBe(200);

    const url = '/api/healthcare-integration/integrations/default/contract';
    const as = (body: unknown) =>
      ({ status: 200, type: 'application/json', body } as unknown as Response);
    expect(() => checkContract('get', url, as(read.body))).not.toThrow();

    const { gates: _gates, ...withoutGates } = read.body;
    expect(() => checkContract('get', url, as(withoutGates))).toThrow(
      /get-integration.*does not match GovernanceStatus[\s\S]*must have required property 'gates'/,
    );
    // A field the types do not declare is a contract break too (the frontend would never see it typed).
    expect(() =>
      checkContract('get', url, as({ ...read.body, surprise: true })),
    ).toThrow(/must NOT have additional properties/);
    const badStage = {
      ...read.body,
      record: { ...read.body.record, stage: 'launched' },
    };
    expect(() => checkContract('get', url, as(badStage))).toThrow(
      /\/record\/stage must be equal to one of the allowed values/,
    );
    // Errors and non-JSON answers are not success bodies.
    expect(() =>
      checkContract('get', url, { ...as({}), status: 404 } as Response),
    ).not.toThrow();
  });
});
