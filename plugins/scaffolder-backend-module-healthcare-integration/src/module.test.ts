import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import module from './index';

describe('scaffolder module healthcare-integration', () => {
  it('registers the five healthcare actions with JSON schemas and examples', async () => {
    const added: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...a: any[]) => added.push(...a) },
        ],
      ],
      features: [module],
    });
    expect(added.map(a => a.id).sort()).toEqual([
      'healthcare:change-request:open',
      'healthcare:evidence:attach',
      'healthcare:gates:wait',
      'healthcare:integration:create',
      'healthcare:mapping:validate',
    ]);
    for (const action of added) {
      expect(action.schema?.input).toMatchObject({ type: 'object' });
      expect(action.schema?.output).toMatchObject({ type: 'object' });
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.supportsDryRun).toBe(true);
    }
    const wait = added.find(a => a.id === 'healthcare:gates:wait')!;
    expect(
      (wait.schema!.input as any).properties.pollIntervalSeconds.minimum,
    ).toBe(5);
    expect((wait.schema!.input as any).properties.timeoutMinutes.maximum).toBe(
      1440,
    );
  });
});
