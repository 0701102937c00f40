// The only module that talks to the events system's check-in API (pretix's format): the positions
// of a check-in list that have check-ins, every page, turned into attendance intervals (an entry
// until the next exit; an entry never followed by an exit lasts until the session ends).
import type { IncomingRow } from '../attendance-sync.service';
import type { LiveSession } from '../live-session';
import { parseRetryAfter } from '../zoom/zoom-client';

export class CheckinApiError extends Error {
  constructor(
    readonly kind: 'rate-limited' | 'not-found' | 'failed',
    message: string,
    readonly retryAt?: Date,
  ) {
    super(message);
  }
}

interface Position {
  id: number;
  attendee_name: string | null;
  attendee_email: string | null;
  checkins: Array<{ type?: 'entry' | 'exit'; datetime: string; gate?: unknown }>;
}

/** "organizer/event/list": how a live session names its check-in list. */
export function parseCheckinListId(
  id: string,
): { organizer: string; event: string; list: string } | null {
  const match = /^([\w.-]+)\/([\w.-]+)\/(\d+)$/.exec(id);
  return match ? { organizer: match[1]!, event: match[2]!, list: match[3]! } : null;
}

export async function fetchCheckins(
  api: { url: string; token: string },
  session: LiveSession,
  onProgress: (rows: number, total: number) => void = () => {},
): Promise<IncomingRow[]> {
  const list = parseCheckinListId(session.meetingId ?? '');
  if (!list)
    throw new CheckinApiError(
      'not-found',
      'The check-in list id must look like organizer/event/123.',
    );
  let next: string | null =
    `${api.url}/organizers/${encodeURIComponent(list.organizer)}/events/${encodeURIComponent(list.event)}/checkinlists/${list.list}/positions/?has_checkin=true`;
  const positions: Position[] = [];
  while (next) {
    // Follow only pages of the configured API (a `next` elsewhere would leak the token).
    if (!next.startsWith(`${api.url}/`))
      throw new CheckinApiError('failed', 'Unexpected next page address.');
    const response = await fetch(next, {
      headers: { authorization: `Token ${api.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 429)
      throw new CheckinApiError(
        'rate-limited',
        'The events system asks us to slow down.',
        parseRetryAfter(response.headers.get('retry-after'), new Date()) ??
          new Date(Date.now() + 60_000),
      );
    if (response.status === 404)
      throw new CheckinApiError('not-found', 'The events system has no such check-in list.');
    if (!response.ok)
      throw new CheckinApiError('failed', `The events system answered ${response.status}.`);
    const page = (await response.json()) as {
      count: number;
      next: string | null;
      results: Position[];
    };
    positions.push(...page.results);
    onProgress(positions.length, page.count);
    next = page.next;
  }
  return positions.flatMap((position) => intervalsOf(position, session, list));
}

function intervalsOf(
  position: Position,
  session: LiveSession,
  list: { organizer: string; event: string },
): IncomingRow[] {
  const checkins = [...position.checkins]
    .map((checkin) => ({
      type: checkin.type ?? 'entry',
      at: new Date(checkin.datetime),
      raw: checkin,
    }))
    .filter((checkin) => !Number.isNaN(checkin.at.getTime()))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const rows: IncomingRow[] = [];
  let open: (typeof checkins)[number] | null = null;
  const push = (from: Date, to: Date, raw: object) =>
    rows.push({
      raw: { position: position.id, ...raw },
      name: position.attendee_name ?? '',
      email: position.attendee_email,
      registrantId: null,
      // Without an email, the ticket position is the only stable way to recognise the person.
      sourceUserId: position.attendee_email
        ? null
        : `${list.organizer}/${list.event}/${position.id}`,
      joinAt: from,
      leaveAt: to,
      waitingRoom: false,
    });
  for (const checkin of checkins) {
    if (checkin.type === 'entry') {
      if (open) push(open.at, checkin.at, { entry: open.raw, exit: null });
      open = checkin;
    } else {
      push(open?.at ?? session.window.start, checkin.at, {
        entry: open?.raw ?? null,
        exit: checkin.raw,
      });
      open = null;
    }
  }
  if (open) push(open.at, session.window.end, { entry: open.raw, exit: null });
  return rows;
}
