import type { Permission } from '@backstage/plugin-permission-common';
import type { z } from 'zod';

/** One route of the API, as data: what the router registers and the OpenAPI document describes. */
export interface RouteSpec {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch';
  /** Express path under the plugin's base URL. */
  path: string;
  summary: string;
  permission?: Permission;
  /** Whether the permission is checked against the record named in the path. */
  onRecord?: boolean;
  /** Path parameters beyond the record's namespace and name, checked before the body. */
  params?: z.AnyZodObject;
  body?: z.ZodTypeAny;
  query?: z.ZodTypeAny;
  /** Mutations are reported to Backstage's auditor at medium severity. */
  mutates?: boolean;
  responseDescription: string;
  responseMediaType?: string;
  /** Success status; 200 unless given. */
  status?: 201;
  /**
   * Which principals may call the route: people decide and edit, services ingest. A route
   * that does not say accepts users only.
   */
  principals?: Array<'user' | 'service'>;
  /**
   * The plugin's own floor under any permission policy: on a PHI-bearing record only its
   * participants and the configured auditors may call the route.
   */
  phiFloor?: boolean;
  /** A list route whose read permission may come back conditional (applied as a query filter). */
  conditionalList?: boolean;
}
