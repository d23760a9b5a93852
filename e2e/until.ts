/** Polls `probe` until it returns a value, or fails naming what it waited for and the last error. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs / 1000}s waiting for ${what}${
      lastError ? ` (last error: ${lastError})` : ''
    }`,
  );
}
