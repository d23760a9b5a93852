import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';

export const HEALTHCARE_INTEGRATION_PLUGIN_ID = 'healthcare-integration';

/** The subset of Backstage's DiscoveryApi / DiscoveryService the client needs. */
export interface DiscoveryLike {
  getBaseUrl(pluginId: string): Promise<string>;
}
/** The subset of Backstage's FetchApi the client needs. */
export interface FetchLike {
  fetch: typeof fetch;
}

export interface RequestOptions {
  /** A bearer token, for server-side callers (scaffolder actions). The browser's FetchApi adds its own. */
  token?: string;
}

/**
 * The HTTP side of the client: discovery of the backend's base URL, the bearer token for
 * server-side callers, JSON bodies, and errors that carry the server's own message. The
 * endpoint classes in this folder build on it, one per area of the API.
 */
export abstract class ClientTransport {
  private readonly discovery: DiscoveryLike;
  private readonly fetchFn: typeof fetch;

  constructor(options: { discoveryApi: DiscoveryLike; fetchApi?: FetchLike }) {
    this.discovery = options.discoveryApi;
    this.fetchFn = options.fetchApi?.fetch ?? ((...args) => fetch(...args));
  }

  protected async request<T>(
    method: string,
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ) {
    const res = await this.raw(method, path, body, opts);
    return (await res.json()) as T;
  }

  protected async raw(
    method: string,
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ) {
    const baseUrl = await this.discovery.getBaseUrl(
      HEALTHCARE_INTEGRATION_PLUGIN_ID,
    );
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts?.token) headers.Authorization = `Bearer ${opts.token}`;
    const res = await this.fetchFn(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await responseError(res);
    return res;
  }
}

/**
 * A failed response as a `ResponseError` whose message is the server's own (`error.message`,
 * e.g. "... holds none of these roles (rule: approver-role-required)") instead of Backstage's
 * generic "Request failed with 403 Forbidden". Status code and body stay as parsed.
 */
async function responseError(res: Response): Promise<ResponseError> {
  const error = await ResponseError.fromResponse(res);
  const serverMessage = error.body?.error?.message;
  if (typeof serverMessage === 'string' && serverMessage.trim())
    error.message = serverMessage;
  return error;
}

/** A path with the query's set values (undefined and empty strings left out) as its query string. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** `component:default/lab-orders` → `/integrations/default/lab-orders`. */
export function recordPath(entityRef: string): string {
  const ref = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return `/integrations/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.name)}`;
}
