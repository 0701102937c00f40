// The only module that talks to Zoom: Server-to-Server OAuth (the token is cached until a
// minute before it expires; Zoom gives no refresh token), the participants report of each
// instance of a meeting or webinar (every page), instances, and registrants. Zoom's answers are
// turned into typed errors the sync job acts on: report not ready yet (3001), rate limited
// (429 with Retry-After as seconds or a date; the daily limit), or a plain failure.
import type { ZoomSettings } from '../../platform/config';

export type ZoomKind = 'meeting' | 'webinar';

export class ZoomApiError extends Error {
  constructor(
    readonly kind: 'not-ready' | 'rate-limited' | 'not-found' | 'failed',
    message: string,
    /** rate-limited: when to try again. */
    readonly retryAt?: Date,
  ) {
    super(message);
  }
}

/** A row of the participants report, as Zoom sends it (kept verbatim). */
export interface ZoomParticipantRow {
  id?: string;
  user_id?: string;
  participant_user_id?: string;
  registrant_id?: string;
  name?: string;
  user_email?: string;
  join_time?: string;
  leave_time?: string;
  duration?: number;
  status?: string;
  [field: string]: unknown;
}

/** UUIDs that start with "/" or contain "//" must be encoded twice (Zoom's rule). */
export function encodeMeetingId(id: string): string {
  const once = encodeURIComponent(id);
  return id.startsWith('/') || id.includes('//') ? encodeURIComponent(once) : once;
}

/** Retry-After is seconds or an HTTP/ISO date; Zoom sends both, and sometimes nothing. */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  const date = /^\d+$/.test(value.trim())
    ? new Date(now.getTime() + Number(value) * 1000)
    : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  // Within a day from now: a huge or past value must not park the sync for ever, or spin it.
  const latest = now.getTime() + maxRetryAfterMs;
  return new Date(Math.min(Math.max(date.getTime(), now.getTime()), latest));
}

const maxRetryAfterMs = 24 * 60 * 60 * 1000;
/** Far above any report page (300 rows) or token answer; a larger body is not Zoom's. */
const maxAnswerBytes = 5 * 1024 * 1024;
/** A report of more rows than the largest webinar could make (rejoins included) is refused. */
const maxReportRows = 200_000;

/** The answer's JSON, read up to maxAnswerBytes (response.json() would read any size). */
async function readJson<T>(response: Response): Promise<T> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxAnswerBytes) throw new ZoomApiError('failed', 'Zoom answer too large');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    const chunk = read.value;
    size += chunk.byteLength;
    if (size > maxAnswerBytes) {
      await reader!.cancel();
      throw new ZoomApiError('failed', 'Zoom answer too large');
    }
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}

const pageSize = 300;

export class ZoomClient {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly settings: ZoomSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now().getTime()) return this.token.value;
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString(
      'base64',
    );
    const response = await fetch(this.settings.oauthUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'account_credentials',
        account_id: this.settings.accountId,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new ZoomApiError('failed', `Zoom refused the app's credentials (${response.status})`);
    const body = await readJson<{ access_token: string; expires_in: number }>(response);
    // Renewed a minute early, so a long paging run never uses a token at its last second.
    this.token = {
      value: body.access_token,
      expiresAt: this.now().getTime() + (body.expires_in - 60) * 1000,
    };
    return body.access_token;
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: object; query?: Record<string, string> } = {},
    retriedAuth = false,
  ): Promise<T> {
    const url = new URL(`${this.settings.apiUrl}${path}`);
    for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.ok) return readJson<T>(response);
    const error = await readJson<{ code?: number; message?: string }>(response).catch(() => ({
      code: undefined,
      message: undefined,
    }));
    if (response.status === 401 && !retriedAuth) {
      this.token = null; // revoked or expired early: one new token, one retry
      return this.request(path, init, true);
    }
    if (response.status === 429) {
      const daily = response.headers.get('x-ratelimit-type') === 'Daily-limit';
      const retryAt =
        parseRetryAfter(response.headers.get('retry-after'), this.now()) ??
        (daily ? nextUtcMidnight(this.now()) : new Date(this.now().getTime() + 60_000));
      throw new ZoomApiError('rate-limited', error.message ?? 'Zoom rate limit', retryAt);
    }
    if (error.code === 3001)
      throw new ZoomApiError('not-ready', error.message ?? 'The report is not ready yet');
    if (error.code === 300 && init.query?.next_page_token)
      throw new ZoomApiError('failed', 'page token expired');
    if (response.status === 404) throw new ZoomApiError('not-found', error.message ?? 'Not found');
    throw new ZoomApiError(
      'failed',
      `Zoom answered ${response.status}${error.code ? ` (code ${error.code})` : ''}: ${error.message ?? ''}`,
    );
  }

  /**
   * Every row of an instance's participants report. A page token lives 15 minutes: if it
   * expires mid-way, the listing starts over once (rows are deduplicated when stored).
   */
  async listParticipants(
    kind: ZoomKind,
    meetingId: string,
    onPage: (rowsSoFar: number, totalRecords: number) => void = () => {},
  ): Promise<ZoomParticipantRow[]> {
    for (let attempt = 0; ; attempt++) {
      const rows: ZoomParticipantRow[] = [];
      let nextPageToken = '';
      try {
        do {
          const page = await this.request<{
            participants: ZoomParticipantRow[];
            next_page_token: string;
            total_records?: number;
          }>(`/report/${kind}s/${encodeMeetingId(meetingId)}/participants`, {
            query: {
              page_size: String(pageSize),
              include_fields: 'registrant_id',
              ...(nextPageToken ? { next_page_token: nextPageToken } : {}),
            },
          });
          if (!Array.isArray(page.participants))
            throw new ZoomApiError('failed', 'Zoom answered a report page without participants');
          rows.push(...page.participants);
          if (rows.length > maxReportRows)
            throw new ZoomApiError('failed', `Zoom's report passed ${maxReportRows} rows`);
          onPage(rows.length, page.total_records ?? rows.length);
          // The same token again would page for ever.
          if (page.next_page_token && page.next_page_token === nextPageToken)
            throw new ZoomApiError('failed', 'Zoom answered the same page token twice');
          nextPageToken = page.next_page_token ?? '';
        } while (nextPageToken);
        return rows;
      } catch (error) {
        const expiredToken =
          error instanceof ZoomApiError && error.message === 'page token expired';
        if (!expiredToken || attempt > 0) throw error;
      }
    }
  }

  /** Past instances of a meeting or webinar (a restarted or recurring one has several). */
  async listInstances(kind: ZoomKind, meetingId: string) {
    const body = await this.request<{ meetings?: { uuid: string; start_time: string }[] }>(
      `/past_${kind}s/${encodeMeetingId(meetingId)}/instances`,
    );
    return body.meetings ?? [];
  }

  /** Registers a student, who gets a personal join link; their registrant id identifies them. */
  async addRegistrant(
    kind: ZoomKind,
    meetingId: string,
    person: { email: string; firstName: string; lastName: string },
  ): Promise<{ registrantId: string; joinUrl: string }> {
    const body = await this.request<{ registrant_id: string; join_url: string }>(
      `/${kind}s/${encodeMeetingId(meetingId)}/registrants`,
      {
        method: 'POST',
        body: { email: person.email, first_name: person.firstName, last_name: person.lastName },
      },
    );
    return { registrantId: body.registrant_id, joinUrl: body.join_url };
  }
}

function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
