import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';
import {
  GovernanceApi,
  type HealthcareActionOptions,
  type MappingFinding,
} from './api';
import { readWorkspaceFile } from './workspace';

export const VALIDATE_MAPPING_ACTION_ID = 'healthcare:mapping:validate';

function describeFinding(
  f: Pick<MappingFinding, 'message'> & Partial<MappingFinding>,
): string {
  // The validator uses row `spec` for findings about the whole spec rather than one row.
  const where = [f.row && f.row !== 'spec' && `row ${f.row}`, f.path]
    .filter(Boolean)
    .join(' ');
  return `${where ? `${where}: ` : ''}${f.message}${
    f.suggestion ? ` (suggestion: ${f.suggestion})` : ''
  }`;
}

/**
 * `healthcare:mapping:validate` — checks a mapping spec (source field → destination field, with
 * transform, PHI class and who confirms its meaning) with the backend's validator and fails the
 * step listing every error. It only reads, so it also runs in dry-run.
 */
export function validateMappingAction(options: HealthcareActionOptions) {
  return createTemplateAction({
    id: VALIDATE_MAPPING_ACTION_ID,
    description:
      'Validates a mapping spec file (YAML or JSON) from the template workspace with the healthcare-integration backend.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate the mapping spec produced by the template',
        example: `steps:
  - id: validate-mapping
    action: ${VALIDATE_MAPPING_ACTION_ID}
    input:
      path: mapping-spec.yaml`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .min(1)
            .describe('Mapping spec file, relative to the template workspace'),
        failOnWarnings: z =>
          z
            .boolean()
            .optional()
            .describe('Treat warnings as errors (default false)'),
      },
      output: {
        valid: z => z.boolean(),
        errorCount: z => z.number(),
        warningCount: z => z.number(),
      },
    },
    async handler(ctx) {
      const { path } = ctx.input;
      const text = (await readWorkspaceFile(ctx.workspacePath, path)).toString(
        'utf8',
      );
      let spec: unknown;
      try {
        // YAML is a superset of JSON, so one parser serves both.
        spec = parseYaml(text);
      } catch (error) {
        throw new InputError(
          `Invalid mapping spec ${path}: not YAML or JSON: ${
            (error as Error).message
          }`,
        );
      }
      if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
        throw new InputError(
          `Invalid mapping spec ${path}: expected an object with apiVersion, kind and rows`,
        );
      }

      const api = new GovernanceApi({
        ...options,
        credentials: () => ctx.getInitiatorCredentials(),
        logger: ctx.logger,
      });
      ctx.logger.info(`Validating mapping spec ${path}`);
      const result = await api.validateMapping(spec as Record<string, unknown>);
      const errors = result.errors ?? [];
      const warnings = result.warnings ?? [];
      for (const w of warnings)
        ctx.logger.warn(`Warning: ${describeFinding(w)}`);
      for (const e of errors) ctx.logger.error(`Error: ${describeFinding(e)}`);

      ctx.output('valid', result.valid);
      ctx.output('errorCount', errors.length);
      ctx.output('warningCount', warnings.length);

      const failing = [
        ...errors,
        ...(ctx.input.failOnWarnings ? warnings : []),
      ];
      if (!result.valid || failing.length) {
        const list = failing.length
          ? failing
          : [{ message: 'the validator reported the spec invalid' }];
        throw new InputError(
          `Mapping spec ${path} has ${list.length} problem(s):\n${list
            .map(f => `- ${describeFinding(f)}`)
            .join('\n')}`,
        );
      }
      ctx.logger.info(
        `Mapping spec ${path} is valid (${warnings.length} warning(s))`,
      );
    },
  });
}
