import type { DiscoveryService } from '@backstage/backend-plugin-api';
import { DEV_USER_HEADER } from '../devSignIn';
import { REQUESTER } from './scenarios';

/**
 * Sign-in as the example users through the example-users auth provider, so every call the
 * seeder makes passes the same permission checks, role checks and audit trail as a person's.
 */
export class ExampleUsers {
  private readonly tokens = new Map<string, string>();
  constructor(private readonly discovery: DiscoveryService) {}

  async token(userName: string): Promise<string> {
    const cached = this.tokens.get(userName);
    if (cached) return cached;
    const base = await this.discovery.getBaseUrl('auth');
    const res = await fetch(`${base}/exampleUsers/refresh`, {
      headers: { [DEV_USER_HEADER]: userName },
    });
    if (!res.ok)
      throw new Error(
        `Sign-in as ${userName} failed: ${res.status} ${await res.text()}`,
      );
    const body = (await res.json()) as { backstageIdentity: { token: string } };
    this.tokens.set(userName, body.backstageIdentity.token);
    return body.backstageIdentity.token;
  }
}

/** Maps a role holder (user or group ref) to a user who may act for it, other than the requester. */
export function actorFor(
  holder: string,
  members: Map<string, string[]>,
): string | undefined {
  if (holder.startsWith('user:')) return holder.split('/').pop();
  return members.get(holder)?.find(u => u !== REQUESTER);
}
