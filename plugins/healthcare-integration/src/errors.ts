/**
 * The text to show for a failed request: the server's own `error.message` (which names the field
 * or the rule that refused it, e.g. "... (rule: approver-role-required)"), never Backstage's
 * generic "Request failed with 403 Forbidden". The shared client already puts the server's message
 * on the error; this also reads it from any `ResponseError` body, whoever built the error.
 */
export function apiErrorMessage(error: unknown): string {
  const body = (
    error as { body?: { error?: { message?: unknown } } } | undefined
  )?.body;
  const serverMessage = body?.error?.message;
  if (typeof serverMessage === 'string' && serverMessage.trim())
    return serverMessage;
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}
