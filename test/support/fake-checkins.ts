// A local fake of a pretix-style events system: check-in list positions with entry/exit
// check-ins, paginated with absolute `next` links, token auth, and a 429 with Retry-After in
// seconds when asked to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePosition {
  id: number;
  attendee_name: string | null;
  attendee_email: string | null;
  checkins: Array<{ type: 'entry' | 'exit'; datetime: string; gate: number | null }>;
}

export class FakeCheckins {
  readonly token = 'fake-events-token';
  readonly lists = new Map<string, FakePosition[]>();
  rateLimitOnce = false;
  pageSize = 2;
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  env() {
    return { EVENTS_API_URL: this.url, EVENTS_API_TOKEN: this.token };
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.headers.authorization !== `Token ${this.token}`)
      return this.send(res, 401, { detail: 'Invalid token.' });
    if (this.rateLimitOnce) {
      this.rateLimitOnce = false;
      return this.send(res, 429, { detail: 'Request was throttled.' }, { 'retry-after': '120' });
    }
    const url = new URL(req.url ?? '/', this.url);
    const match =
      /^\/api\/v1\/organizers\/([^/]+)\/events\/([^/]+)\/checkinlists\/(\d+)\/positions\/$/.exec(
        url.pathname,
      );
    const positions = match ? this.lists.get(`${match[1]}/${match[2]}/${match[3]}`) : undefined;
    if (!positions) return this.send(res, 404, { detail: 'Not found.' });
    const withCheckins =
      url.searchParams.get('has_checkin') === 'true'
        ? positions.filter((position) => position.checkins.length > 0)
        : positions;
    const page = Number(url.searchParams.get('page') ?? 1);
    const results = withCheckins.slice((page - 1) * this.pageSize, page * this.pageSize);
    const more = page * this.pageSize < withCheckins.length;
    const next = new URL(url.href);
    next.searchParams.set('page', String(page + 1));
    this.send(res, 200, {
      count: withCheckins.length,
      next: more ? `${this.url.replace(/\/api\/v1$/, '')}${next.pathname}${next.search}` : null,
      previous: null,
      results,
    });
  }
}
