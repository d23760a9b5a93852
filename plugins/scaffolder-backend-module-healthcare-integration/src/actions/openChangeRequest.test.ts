import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { ChangeRequest } from '@hcig/backstage-plugin-healthcare-integration-common';
import {
  errorBody,
  expectedOnBehalfOfHeader,
  startFakeBackend,
} from '../testing/fakeBackend';
import { gate, statusOf } from '../testing/fixtures';
import { openChangeRequestAction } from './openChangeRequest';

const INPUT = {
  entityRef: 'ehr-lab-orders',
  type: 'ehr-upgrade' as const,
  summary: 'Epic 2025 upgrade',
  impactAssessment: 'OBR-4 codes move; orders queue during cutover',
  notify: ['group:default/clinical-informatics', ''],
};

function changeRequest(extra: Partial<ChangeRequest>): ChangeRequest {
  return {
    id: 'cr-old',
    type: 'ehr-upgrade',
    changeClass: 'normal',
    status: 'closed',
    summary: 'Epic 2025 upgrade',
    impactAssessment: 'x',
    notify: [],
    reopenedGates: [],
    requestedBy: 'user:default/mock',
    requestedAt: '2025-01-01T00:00:00.000Z',
    locked: true,
    notifications: [],
    ...extra,
  };
}

describe('healthcare:change-request:open', () => {
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  it('opens the change on the record path and outputs the new id and reopened gates', async () => {
    backend.on('POST /integrations/default/ehr-lab-orders/change-requests', {
      status: 201,
      body: statusOf(
        'component:default/ehr-lab-orders',
        [gate('mapping-review', 'reopened')],
        {
          changeRequests: [
            changeRequest({}),
            changeRequest({
              id: 'cr-new',
              status: 'assess',
              requestedAt: '2026-02-01T00:00:00.000Z',
              reopenedGates: ['mapping-review', 'test-evidence'],
            }),
          ],
        },
      ),
    });
    const action = openChangeRequestAction(backend.services());
    const ctx = createMockActionContext({ input: INPUT });
    await action.handler(ctx);

    const [req] = backend.requests;
    expect(req.headers.authorization).toBe(expectedOnBehalfOfHeader());
    expect(req.body).toEqual({
      type: 'ehr-upgrade',
      changeClass: 'normal',
      summary: 'Epic 2025 upgrade',
      impactAssessment: 'OBR-4 codes move; orders queue during cutover',
      notify: ['group:default/clinical-informatics'],
    });
    expect(ctx.output).toHaveBeenCalledWith('changeRequestId', 'cr-new');
    expect(ctx.output).toHaveBeenCalledWith('status', 'assess');
    expect(ctx.output).toHaveBeenCalledWith('reopenedGates', [
      'mapping-review',
      'test-evidence',
    ]);
  });

  it('fails with the backend message when the integration is not live', async () => {
    backend.on('POST /integrations/default/ehr-lab-orders/change-requests', {
      status: 409,
      body: errorBody(
        409,
        'ConflictError',
        'Change requests apply to live integrations; this one is in design',
      ),
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input: INPUT, logger });
    await expect(
      openChangeRequestAction(backend.services()).handler(ctx),
    ).rejects.toThrow(
      'Opening a change request on component:default/ehr-lab-orders failed: Change requests apply to live integrations; this one is in design (HTTP 409)',
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('this one is in design'),
    );
  });

  it('makes no call in a dry run, and names the change as the tab does', async () => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: {
          ...INPUT,
          type: 'clinic-rollout' as const,
          changeClass: 'standard' as const,
        },
        logger,
      }),
      isDryRun: true,
    };
    await openChangeRequestAction(backend.services()).handler(ctx);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: would open a change request \(Standard \(pre-authorised\), Clinic rollout\) on component:default\/ehr-lab-orders/,
      ),
    );
    expect(backend.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('reopenedGates', []);
    expect(ctx.output).toHaveBeenCalledWith('status', 'implement');
  });

  it('dry-runs as the backend would: emergency starts at authorise, an unlisted standard change is refused', async () => {
    const emergency = {
      ...createMockActionContext({
        input: { ...INPUT, changeClass: 'emergency' as const },
      }),
      isDryRun: true,
    };
    await openChangeRequestAction(backend.services()).handler(emergency);
    expect(emergency.output).toHaveBeenCalledWith('status', 'authorise');

    const standard = {
      ...createMockActionContext({
        input: { ...INPUT, changeClass: 'standard' as const },
      }),
      isDryRun: true,
    };
    await expect(
      openChangeRequestAction(backend.services()).handler(standard),
    ).rejects.toThrow(
      /EHR upgrade \(ehr-upgrade\) is not pre-authorised as a standard change/,
    );
    expect(backend.requests).toHaveLength(0);
  });
});
