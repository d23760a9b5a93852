import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createHash } from 'node:crypto';
import {
  expectedOnBehalfOfHeader,
  startFakeBackend,
} from '../testing/fakeBackend';
import { attachEvidenceAction } from './attachEvidence';

const DOC = '# Operating model\n\nWho owns what.\n';
const DOC_SHA = createHash('sha256').update(DOC).digest('hex');

describe('healthcare:evidence:attach', () => {
  const dir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startFakeBackend>>;
  beforeEach(async () => {
    dir.setContent({
      workspace: { docs: { 'index.md': DOC } },
      'secret.txt': 'host file',
    });
    backend = await startFakeBackend();
  });
  afterEach(() => backend.close());

  const input = {
    entityRef: 'component:default/ehr-lab-orders',
    path: 'docs/index.md',
    kind: 'other' as const,
  };

  function echoStore(shaOverride?: string) {
    backend.on('POST /integrations/default/ehr-lab-orders/evidence', req => {
      const content = Buffer.from(req.body.contentBase64, 'base64');
      return {
        status: 201,
        body: {
          id: '5f0c1a52-0000-4000-8000-000000000001',
          kind: req.body.kind,
          title: req.body.title,
          sha256:
            shaOverride ?? createHash('sha256').update(content).digest('hex'),
          sizeBytes: content.length,
          mediaType: req.body.mediaType,
          uploadedBy: 'user:default/mock',
          uploadedAt: '2026-01-01T00:00:00.000Z',
          expired: false,
        },
      };
    });
  }

  it('uploads the workspace file as base64 with the user token and verifies the hash', async () => {
    echoStore();
    const ctx = createMockActionContext({
      input,
      workspacePath: dir.resolve('workspace'),
    });
    await attachEvidenceAction(backend.services()).handler(ctx);
    const [req] = backend.requests;
    expect(req.headers.authorization).toBe(expectedOnBehalfOfHeader());
    expect(req.body).toEqual({
      kind: 'other',
      title: 'index.md',
      mediaType: 'text/markdown',
      contentBase64: Buffer.from(DOC).toString('base64'),
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'evidenceId',
      '5f0c1a52-0000-4000-8000-000000000001',
    );
    expect(ctx.output).toHaveBeenCalledWith('sha256', DOC_SHA);
    expect(ctx.output).toHaveBeenCalledWith(
      'sizeBytes',
      Buffer.byteLength(DOC),
    );
  });

  it('fails when the server stored a different hash', async () => {
    echoStore('0'.repeat(64));
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input,
      logger,
      workspacePath: dir.resolve('workspace'),
    });
    await expect(
      attachEvidenceAction(backend.services()).handler(ctx),
    ).rejects.toThrow(
      `SHA-256 mismatch for docs/index.md: computed ${DOC_SHA}, server stored ${'0'.repeat(
        64,
      )}`,
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('SHA-256 mismatch'),
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'evidenceId',
      expect.anything(),
    );
  });

  it.each(['../secret.txt', 'docs/../../secret.txt', '/etc/passwd'])(
    'refuses %s, which escapes the workspace, without calling the API',
    async path => {
      echoStore();
      const ctx = createMockActionContext({
        input: { ...input, path },
        workspacePath: dir.resolve('workspace'),
      });
      await expect(
        attachEvidenceAction(backend.services()).handler(ctx),
      ).rejects.toThrow(
        `Invalid path: '${path}' is outside the template workspace`,
      );
      expect(backend.requests).toHaveLength(0);
    },
  );

  it('refuses a missing file', async () => {
    const ctx = createMockActionContext({
      input: { ...input, path: 'docs/nope.md' },
      workspacePath: dir.resolve('workspace'),
    });
    await expect(
      attachEvidenceAction(backend.services()).handler(ctx),
    ).rejects.toThrow(
      "Invalid path: 'docs/nope.md' is not a file in the template workspace",
    );
  });

  it('hashes locally but makes no call in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input,
        workspacePath: dir.resolve('workspace'),
      }),
      isDryRun: true,
    };
    await attachEvidenceAction(backend.services()).handler(ctx);
    expect(backend.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('sha256', DOC_SHA);
  });
});
