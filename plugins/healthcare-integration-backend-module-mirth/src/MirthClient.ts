import { XMLParser } from 'fast-xml-parser';

/** One channel's counters as `GET /api/channels/statistics` reports them. */
export interface ChannelStatistics {
  serverId?: string;
  channelId: string;
  received: number;
  sent: number;
  error: number;
  filtered: number;
  queued: number;
}

export interface MirthEngineConfig {
  id: string;
  baseUrl: string;
  username: string;
  password: string;
}

/** Mirth Connect / NextGen Connect refuses API calls without this header (CSRF guard). */
const REQUESTED_WITH = {
  'X-Requested-With': 'backstage-healthcare-integration',
};

/**
 * A minimal client for the Mirth Connect REST API: session login, then channel statistics.
 * Responses are XML by default; a one-element list arrives as an object and is normalised.
 */
export class MirthClient {
  private cookie?: string;
  private readonly parser = new XMLParser({
    parseTagValue: true,
    ignoreAttributes: true,
  });

  constructor(
    private readonly engine: MirthEngineConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async channelStatistics(): Promise<ChannelStatistics[]> {
    if (!this.cookie) await this.login();
    let res = await this.get('/api/channels/statistics');
    if (res.status === 401) {
      // The session expired: log in once more.
      await this.login();
      res = await this.get('/api/channels/statistics');
    }
    if (!res.ok)
      throw new Error(
        `Mirth ${this.engine.id}: statistics answered ${res.status}`,
      );
    return parseChannelStatistics(await res.text(), this.parser);
  }

  private get(path: string) {
    return this.fetchFn(`${this.engine.baseUrl}${path}`, {
      headers: {
        ...REQUESTED_WITH,
        Accept: 'application/xml',
        Cookie: this.cookie ?? '',
      },
    });
  }

  private async login() {
    const res = await this.fetchFn(`${this.engine.baseUrl}/api/users/_login`, {
      method: 'POST',
      headers: {
        ...REQUESTED_WITH,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        username: this.engine.username,
        password: this.engine.password,
      }).toString(),
    });
    if (!res.ok)
      throw new Error(`Mirth ${this.engine.id}: login answered ${res.status}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const session = /JSESSIONID=[^;]+/.exec(setCookie)?.[0];
    if (!session)
      throw new Error(`Mirth ${this.engine.id}: login set no session cookie`);
    this.cookie = session;
  }
}

export function parseChannelStatistics(
  xml: string,
  parser = new XMLParser(),
): ChannelStatistics[] {
  const doc = parser.parse(xml);
  const raw = doc?.list?.channelStatistics ?? [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items
    .filter((s: any) => s && s.channelId)
    .map((s: any) => ({
      serverId: s.serverId ? String(s.serverId) : undefined,
      channelId: String(s.channelId),
      received: Number(s.received ?? 0),
      sent: Number(s.sent ?? 0),
      error: Number(s.error ?? 0),
      filtered: Number(s.filtered ?? 0),
      queued: Number(s.queued ?? 0),
    }));
}
