import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import path from 'node:path';
import {
  EVIDENCE_KINDS,
  EVIDENCE_KIND_LABELS,
  MAX_EVIDENCE_BYTES,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { GovernanceApi, type HealthcareActionOptions } from './api';
import { normalizeIntegrationRef } from './paths';
import { readWorkspaceFile, sha256Hex } from './workspace';

export const ATTACH_EVIDENCE_ACTION_ID = 'healthcare:evidence:attach';

const MEDIA_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.xml': 'application/xml',
  '.png': 'image/png',
};

/**
 * `healthcare:evidence:attach` — uploads a file of the template workspace as evidence. The
 * SHA-256 is computed here and compared with the one the server stored, so what reviewers
 * approve is provably the file the template produced.
 */
export function attachEvidenceAction(options: HealthcareActionOptions) {
  return createTemplateAction({
    id: ATTACH_EVIDENCE_ACTION_ID,
    description:
      'Attaches a file from the template workspace as evidence of an integration, verifying its SHA-256.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Attach the generated operating-model document',
        example: `steps:
  - id: evidence
    action: ${ATTACH_EVIDENCE_ACTION_ID}
    input:
      entityRef: \${{ steps.create.output.entityRef }}
      path: docs/index.md
      kind: other
      title: Operating model (intake)`,
      },
    ],
    schema: {
      input: {
        entityRef: z => z.string().describe('Entity ref of the integration'),
        path: z =>
          z
            .string()
            .min(1)
            .describe('File path relative to the template workspace'),
        kind: z => z.enum(EVIDENCE_KINDS).describe('Evidence kind'),
        title: z =>
          z
            .string()
            .max(200)
            .optional()
            .describe('Title (default: the file name)'),
        mediaType: z =>
          z
            .string()
            .optional()
            .describe('Media type (default: from the file extension)'),
        expiresAt: z =>
          z
            .string()
            .optional()
            .describe('ISO date-time after which the evidence is stale'),
        supersedes: z =>
          z.string().optional().describe('Id of the evidence this replaces'),
      },
      output: {
        evidenceId: z => z.string().describe('Id of the stored evidence'),
        sha256: z =>
          z
            .string()
            .describe('SHA-256 of the file (hex), as verified with the server'),
        sizeBytes: z => z.number().describe('Size of the file'),
      },
    },
    async handler(ctx) {
      const entityRef = normalizeIntegrationRef(ctx.input.entityRef);
      const content = await readWorkspaceFile(
        ctx.workspacePath,
        ctx.input.path,
      );
      if (content.length > MAX_EVIDENCE_BYTES) {
        throw new InputError(
          `Invalid path: '${ctx.input.path}' is ${content.length} bytes; evidence files may be at most ${MAX_EVIDENCE_BYTES} bytes`,
        );
      }
      const sha256 = sha256Hex(content);
      const title = ctx.input.title?.trim() || path.basename(ctx.input.path);
      const mediaType =
        ctx.input.mediaType ??
        MEDIA_TYPES[path.extname(ctx.input.path).toLocaleLowerCase('en-US')] ??
        'application/octet-stream';

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would attach ${ctx.input.path} (${
            content.length
          } bytes, ${mediaType}, sha256 ${sha256}) to ${entityRef} as ${
            EVIDENCE_KIND_LABELS[ctx.input.kind]
          } evidence '${title}'`,
        );
        ctx.output('evidenceId', 'dry-run');
        ctx.output('sha256', sha256);
        ctx.output('sizeBytes', content.length);
        return;
      }

      const api = new GovernanceApi({
        ...options,
        credentials: () => ctx.getInitiatorCredentials(),
        logger: ctx.logger,
      });
      // Keyed by the hash: a recovered task does not upload the same file twice, a changed file does.
      const evidence = await ctx.checkpoint({
        key: `evidence:${entityRef}:${ctx.input.kind}:${sha256}`,
        fn: async () => {
          ctx.logger.info(
            `Attaching ${ctx.input.path} (${
              content.length
            } bytes, sha256 ${sha256}) to ${entityRef} as ${
              EVIDENCE_KIND_LABELS[ctx.input.kind]
            }`,
          );
          const stored = await api.uploadEvidence(entityRef, {
            kind: ctx.input.kind,
            title,
            mediaType,
            contentBase64: content.toString('base64'),
            ...(ctx.input.expiresAt ? { expiresAt: ctx.input.expiresAt } : {}),
            ...(ctx.input.supersedes
              ? { supersedes: ctx.input.supersedes }
              : {}),
          });
          return {
            id: stored.id,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
          };
        },
      });
      if (evidence.sha256 !== sha256) {
        const message = `SHA-256 mismatch for ${ctx.input.path}: computed ${sha256}, server stored ${evidence.sha256} (evidence ${evidence.id}); the upload was altered in transit, do not rely on it`;
        ctx.logger.error(message);
        throw new Error(message);
      }
      ctx.logger.info(
        `Attached evidence ${evidence.id}; server SHA-256 matches ${sha256}`,
      );
      ctx.output('evidenceId', evidence.id);
      ctx.output('sha256', sha256);
      ctx.output('sizeBytes', content.length);
    },
  });
}
