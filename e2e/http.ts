import { BACKEND_URL } from './portal';

/** One line of the browser test's log. */
export function step(text: string) {
  console.log(`[e2e] ${text}`);
}

/** A JSON request to the portal's backend with a bearer token; the body parsed if there is one. */
export async function api(
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
