import { z } from 'zod';
import { safeText } from './strictInput';

/** Deciding a proposed change to a record's roles or risk profile. */
export const decideRecordChangeSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: safeText({ min: 1, max: 4000, multiline: true }),
  })
  .strict();
export type DecideRecordChangeRequest = z.input<
  typeof decideRecordChangeSchema
>;
