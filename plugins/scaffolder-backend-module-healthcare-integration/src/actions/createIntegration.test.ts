import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  errorBody,
  expectedOnBehalfOfHeader,
  startFakeBackend,
} from '../testing/fakeBackend';
import { INTAKE_INPUT, gate, statusOf } from '../testing/fixtures';
import { createIntegrationAction } from './createIntegration';

describe('healthcare:integration:create', () => {
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  it('creates the record on behalf of the user and outputs the derived gates', async () => {
    backend.on('POST /integrations', {
      status: 201,
      body: statusOf('component:default/ehr-lab-orders', [
        gate('intake', 'pending', { title: 'Intake approval' }),
        gate('security-review', 'pending', {
          title: 'Security review',
          stage: 'design',
        }),
      ]),
    });
    const action = createIntegrationAction(backend.services());
    const ctx = createMockActionContext({
      input: {
        ...INTAKE_INPUT,
        profile: { ...INTAKE_INPUT.profile, vendorName: '  ' },
      },
    });
    await action.handler(ctx);

    expect(backend.requests).toHaveLength(1);
    const [req] = backend.requests;
    expect(req.headers.authorization).toBe(expectedOnBehalfOfHeader());
    expect(req.headers['content-type']).toBe('application/json');
    // A blank optional answer is dropped rather than sent as '' (the API would reject it).
    expect(req.body).toEqual({
      name: 'ehr-lab-orders',
      namespace: 'default',
      title: INTAKE_INPUT.title,
      profile: INTAKE_INPUT.profile,
      roles: INTAKE_INPUT.roles,
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/ehr-lab-orders',
    );
    expect(ctx.output).toHaveBeenCalledWith('gateIds', [
      'intake',
      'security-review',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('gates', [
      {
        id: 'intake',
        title: 'Intake approval',
        stage: 'intake',
        status: 'pending',
      },
      {
        id: 'security-review',
        title: 'Security review',
        stage: 'design',
        status: 'pending',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'recordUrlPath',
      '/catalog/default/component/ehr-lab-orders/healthcare-integration',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityUrlPath',
      '/catalog/default/component/ehr-lab-orders',
    );
  });

  it('surfaces the API error message naming the field, in the log and the failure', async () => {
    backend.on('POST /integrations', {
      status: 400,
      body: errorBody(
        400,
        'InputError',
        'Invalid roles.testOwner: must be a user or group entity ref, e.g. group:default/security-office',
      ),
    });
    const logger = mockServices.logger.mock();
    const action = createIntegrationAction(backend.services());
    const ctx = createMockActionContext({ input: INTAKE_INPUT, logger });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Creating the integration record failed: Invalid roles.testOwner: must be a user or group entity ref, e.g. group:default/security-office (HTTP 400)',
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        'Invalid roles.testOwner: must be a user or group entity ref',
      ),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('does not call the API in a dry run and previews the default policy gates', async () => {
    const logger = mockServices.logger.mock();
    const action = createIntegrationAction(backend.services());
    const ctx = {
      ...createMockActionContext({ input: INTAKE_INPUT, logger }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(backend.requests).toHaveLength(0);
    const gateIds = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'gateIds',
    )![1];
    // PHI ⇒ security and compliance review under the shipped policy; no vendor ⇒ no vendor risk.
    expect(gateIds).toEqual(
      expect.arrayContaining([
        'intake',
        'security-review',
        'compliance-review',
      ]),
    );
    expect(gateIds).not.toContain('vendor-risk');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'Dry run: would create component:default/ehr-lab-orders',
      ),
    );
  });

  it('does not create twice when a recovered task replays a successful checkpoint', async () => {
    const stored = new Map<string, unknown>();
    backend.on('POST /integrations', {
      status: 201,
      body: statusOf('component:default/ehr-lab-orders', [
        gate('intake', 'pending'),
      ]),
    });
    const action = createIntegrationAction(backend.services());
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!stored.has(key)) stored.set(key, await fn());
      return stored.get(key) as any;
    };
    await action.handler({
      ...createMockActionContext({ input: INTAKE_INPUT }),
      checkpoint,
    });
    const ctx = {
      ...createMockActionContext({ input: INTAKE_INPUT }),
      checkpoint,
    };
    await action.handler(ctx);
    expect(backend.requests).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('gateIds', ['intake']);
  });
});
