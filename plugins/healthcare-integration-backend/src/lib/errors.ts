import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  describeRefusal,
  type Refusal,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import type { z } from 'zod';

/** Parses input with a schema; a failure is a 400 naming the field. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(body)';
    throw new InputError(`Invalid ${field}: ${issue.message}`);
  }
  return result.data;
}

/** A rule's refusal as the HTTP error it maps to: 403, 409 or 400, naming the rule. */
export function refusalError(refusal: Refusal): Error {
  const message = describeRefusal(refusal);
  if (refusal.kind === 'not-allowed') return new NotAllowedError(message);
  if (refusal.kind === 'conflict') return new ConflictError(message);
  return new InputError(message);
}

export function assertAllowed(refusal: Refusal | undefined): void {
  if (refusal) throw refusalError(refusal);
}

export function isUniqueViolation(e: unknown) {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(err?.message ?? '')
  );
}
