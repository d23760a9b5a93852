import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export type FakeReply = { status?: number; body: unknown };
type Route = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/**
 * A real HTTP server on an ephemeral port standing in for the healthcare-integration backend:
 * actions go through discovery, fetch and JSON exactly as in production, and tests assert on
 * what actually went over the wire.
 */
export async function startFakeBackend() {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').replace(
        /^\/api\/healthcare-integration/,
        '',
      );
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const route = routes.get(`${recorded.method} ${path}`);
      const reply = route
        ? await route(recorded)
        : {
            status: 404,
            body: errorBody(
              404,
              'NotFoundError',
              `No route ${recorded.method} ${path}`,
            ),
          };
      res.writeHead(reply.status ?? 200, {
        'Content-Type': 'application/json',
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/healthcare-integration`;

  return {
    baseUrl,
    requests,
    /** Registers a handler for e.g. `POST /integrations`. */
    on(methodAndPath: string, route: Route | FakeReply) {
      routes.set(
        methodAndPath,
        typeof route === 'function' ? route : () => route,
      );
    },
    /** Services as the module gets them: discovery pointing here, real mock auth. */
    services() {
      const discovery = mockServices.discovery.mock({
        getBaseUrl: async (pluginId: string) => {
          if (pluginId !== 'healthcare-integration')
            throw new Error(`unexpected plugin ${pluginId}`);
          return baseUrl;
        },
      });
      return { discovery, auth: mockServices.auth() };
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** The error body Backstage's error handler sends. */
export function errorBody(statusCode: number, name: string, message: string) {
  return {
    error: { name, message },
    request: { method: 'POST', url: '/' },
    response: { statusCode },
  };
}

/** The Authorization header the backend receives when the default mock user runs the template. */
export function expectedOnBehalfOfHeader() {
  return `Bearer ${mockCredentials.service.token({
    onBehalfOf: mockCredentials.user(),
    targetPluginId: 'healthcare-integration',
  })}`;
}
