import { z } from 'zod';

/**
 * A candidate policy to preview: the same shape as `healthcareIntegration.policy` in app-config
 * (merged over the shipped default in the same way), and whether to list unchanged integrations.
 */
export const policyPreviewRequestSchema = z
  .object({
    policy: z.record(z.unknown()),
    includeUnchanged: z.boolean().default(false),
  })
  .strict();
export type PolicyPreviewRequest = z.input<typeof policyPreviewRequestSchema>;
