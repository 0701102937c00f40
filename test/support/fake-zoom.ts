// A local fake of Zoom's API that speaks its real formats (see attendance-facts.md): the
// Server-to-Server OAuth token endpoint, the participants report with paging and 15-minute page
// tokens, past instances, registrants, 3001 before a report is ready, 429 with a date in
// Retry-After, UUIDs that must be encoded twice, and webhook signatures.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeParticipant {
  id?: string;
  user_id?: string;
  participant_user_id?: string;
  registrant_id?: string;
  name: string;
  user_email?: string;
  join_time: string;
  leave_time: string;
  duration: number;
  status?: 'in_meeting' | 'in_waiting_room';
}

export interface FakeMeeting {
  /** Instances as /past_meetings/{id}/instances lists them. */
  instances?: { uuid: string; start_time: string }[];
  /** Participants per instance uuid (or the numeric id for the latest instance). */
  reports: Record<string, FakeParticipant[]>;
  /** Answer 3001 this many times before the report is ready. */
  notReadyTimes?: number;
  /** Answer an empty report this many times first. */
  emptyTimes?: number;
  /** Answer 429 once with this Retry-After value. */
  rateLimitOnce?: { retryAfter?: string; type?: 'QPS' | 'Daily-limit' };
  /** The first next_page_token handed out is already expired (code 300). */
  expirePageTokenOnce?: boolean;
  /** A broken paginator: every page hands out the same next_page_token, for ever. */
  repeatPageToken?: boolean;
}

export class FakeZoom {
  readonly clientId = 'fake-client';
  readonly clientSecret = 'fake-secret';
  readonly accountId = 'fake-account';
  readonly webhookSecret = 'fake-webhook-secret';
  readonly meetings = new Map<string, FakeMeeting>();
  readonly requests: string[] = [];
  tokensIssued = 0;
  private validTokens = new Set<string>();
  private pageTokens = new Map<string, { meeting: string; offset: number; expired: boolean }>();
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The settings the campus is configured with to talk to this fake. */
  env(): Record<string, string> {
    return {
      ZOOM_ACCOUNT_ID: this.accountId,
      ZOOM_CLIENT_ID: this.clientId,
      ZOOM_CLIENT_SECRET: this.clientSecret,
      ZOOM_WEBHOOK_SECRET: this.webhookSecret,
      ZOOM_API_URL: `${this.url}/v2`,
      ZOOM_OAUTH_URL: `${this.url}/oauth/token`,
    };
  }

  /** Tokens issued so far stop working (as when Zoom revokes them early). */
  revokeTokens() {
    this.validTokens.clear();
  }

  /** Headers of a webhook signed as Zoom signs it. */
  sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = this.webhookSecret) {
    const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
    return {
      'content-type': 'application/json',
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': `v0=${signature}`,
    };
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/oauth/token' && req.method === 'POST') return this.token(req, res);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token))
      return this.send(res, 401, { code: 124, message: 'Invalid access token.' });

    // The raw path keeps the client's encoding; each segment is decoded once, as Zoom's router does.
    const segments = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean);
    const [, first, idSegment, third] = segments;
    if (first === 'report' && (idSegment === 'meetings' || idSegment === 'webinars'))
      return this.report(decodeURIComponent(third!), url, res);
    if ((first === 'past_meetings' || first === 'past_webinars') && third === 'instances') {
      const meeting = this.meetings.get(decodeURIComponent(idSegment!));
      if (!meeting) return this.send(res, 404, { code: 3001, message: 'Meeting does not exist.' });
      return this.send(res, 200, { meetings: meeting.instances ?? [] });
    }
    if ((first === 'meetings' || first === 'webinars') && third === 'registrants') {
      return this.send(res, 201, {
        id: decodeURIComponent(idSegment!),
        registrant_id: `reg-${randomBytes(6).toString('hex')}`,
        join_url: `https://zoom.example/w/${randomBytes(6).toString('hex')}`,
      });
    }
    this.send(res, 404, { code: 404, message: 'Not found' });
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse) {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (
        req.headers.authorization !== expected ||
        form.get('grant_type') !== 'account_credentials' ||
        form.get('account_id') !== this.accountId
      )
        return this.send(res, 400, {
          reason: 'Invalid client_id or client_secret',
          error: 'invalid_client',
        });
      const token = `tok-${++this.tokensIssued}-${randomBytes(4).toString('hex')}`;
      this.validTokens.add(token);
      this.send(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'report:read:admin',
      });
    });
  }

  private report(onceDecoded: string, url: URL, res: http.ServerResponse) {
    // A UUID sent encoded twice is still encoded after the router's decoding: decode it again.
    // One sent encoded once with "/" in it arrives broken, and Zoom answers "invalid meeting".
    const id = onceDecoded.includes('%') ? decodeURIComponent(onceDecoded) : onceDecoded;
    const needsDouble = id.startsWith('/') || id.includes('//');
    const meetingEntry = [...this.meetings.values()].find((meeting) => id in meeting.reports);
    if (!meetingEntry || (needsDouble && !onceDecoded.includes('%')))
      return this.send(res, 404, { code: 3001, message: 'Meeting ID is invalid or not end.' });
    const meeting = meetingEntry;
    if (meeting.notReadyTimes && meeting.notReadyTimes > 0) {
      meeting.notReadyTimes--;
      return this.send(res, 404, { code: 3001, message: 'Meeting ID is invalid or not end.' });
    }
    if (meeting.rateLimitOnce) {
      const { retryAfter, type = 'QPS' } = meeting.rateLimitOnce;
      meeting.rateLimitOnce = undefined;
      return this.send(
        res,
        429,
        { code: 429, message: 'You have reached the maximum per-second rate limit for this API.' },
        {
          'x-ratelimit-category': 'Heavy',
          'x-ratelimit-type': type,
          ...(retryAfter ? { 'retry-after': retryAfter } : {}),
        },
      );
    }
    if (meeting.emptyTimes && meeting.emptyTimes > 0) {
      meeting.emptyTimes--;
      return this.send(res, 200, {
        page_count: 0,
        page_size: 30,
        total_records: 0,
        next_page_token: '',
        participants: [],
      });
    }
    const rows = meeting.reports[id]!;
    const pageSize = Math.min(Number(url.searchParams.get('page_size') ?? 30), 300);
    const pageToken = url.searchParams.get('next_page_token');
    let offset = 0;
    if (pageToken) {
      const stored = this.pageTokens.get(pageToken);
      if (!stored || stored.expired || stored.meeting !== id)
        return this.send(res, 400, {
          code: 300,
          message: 'The next page token is invalid or expired.',
        });
      offset = stored.offset;
    }
    const page = rows.slice(offset, offset + pageSize);
    let next = '';
    if (meeting.repeatPageToken) {
      next = 'stuck-token';
      this.pageTokens.set(next, { meeting: id, offset: 0, expired: false });
    } else if (offset + pageSize < rows.length) {
      next = randomBytes(12).toString('hex');
      const expired = Boolean(meeting.expirePageTokenOnce);
      meeting.expirePageTokenOnce = false;
      this.pageTokens.set(next, { meeting: id, offset: offset + pageSize, expired });
    }
    this.send(res, 200, {
      page_count: Math.ceil(rows.length / pageSize),
      page_size: pageSize,
      total_records: rows.length,
      next_page_token: next,
      participants: page,
    });
  }
}

/** A participant row joined at `from` and left at `to` minutes after `start`. */
export function zoomRow(
  start: Date,
  from: number,
  to: number,
  person: Partial<FakeParticipant> & { name: string },
): FakeParticipant {
  const join = new Date(start.getTime() + from * 60_000);
  const leave = new Date(start.getTime() + to * 60_000);
  const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: randomBytes(6).toString('hex'),
    user_id: String(Math.floor(Math.random() * 1e8)),
    join_time: iso(join),
    leave_time: iso(leave),
    duration: Math.round((leave.getTime() - join.getTime()) / 1000),
    status: 'in_meeting',
    ...person,
  };
}
