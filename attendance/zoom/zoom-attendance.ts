// Zoom as an attendance source: the participants report of every instance of the session's
// meeting or webinar that started around its scheduled window, as rows the sync stores.
import type { ZoomSettings } from '../../platform/config';
import type { IncomingRow } from '../attendance-sync.service';
import type { LiveSession } from '../live-session';
import { ZoomApiError, ZoomClient, type ZoomKind, type ZoomParticipantRow } from './zoom-client';

const clients = new WeakMap<ZoomSettings, ZoomClient>();

/** One client per app settings, so its access token is reused across jobs. */
export function zoomClientFor(settings: ZoomSettings): ZoomClient {
  let client = clients.get(settings);
  if (!client) {
    client = new ZoomClient(settings);
    clients.set(settings, client);
  }
  return client;
}

const instanceMargin = 2 * 3600_000;

export function toIncomingRow(row: ZoomParticipantRow): IncomingRow | null {
  const joinAt = new Date(row.join_time ?? '');
  const leaveAt = row.leave_time
    ? new Date(row.leave_time)
    : new Date(joinAt.getTime() + (row.duration ?? 0) * 1000);
  if (Number.isNaN(joinAt.getTime()) || Number.isNaN(leaveAt.getTime())) return null;
  return {
    raw: row,
    name: row.name ?? '',
    email: row.user_email || null,
    registrantId: row.registrant_id || null,
    // participant_user_id stays the same across rejoins of a signed-in user; user_id does not.
    sourceUserId: row.participant_user_id || null,
    joinAt,
    leaveAt,
    waitingRoom: row.status === 'in_waiting_room',
  };
}

export async function fetchZoomAttendance(
  client: ZoomClient,
  session: LiveSession,
  onProgress: (rows: number, total: number) => Promise<void> | void,
): Promise<Array<{ instance: string; rows: IncomingRow[] }>> {
  const meetingId = session.meetingId!;
  const kind: ZoomKind = session.meetingKind === 'webinar' ? 'webinar' : 'meeting';
  let instances: string[];
  try {
    const past = await client.listInstances(kind, meetingId);
    instances = past
      .filter((instance) => {
        const start = new Date(instance.start_time).getTime();
        return (
          start >= session.window.start.getTime() - instanceMargin &&
          start <= session.window.end.getTime() + instanceMargin
        );
      })
      .map((instance) => instance.uuid);
  } catch (error) {
    if (!(error instanceof ZoomApiError) || error.kind !== 'not-found') throw error;
    instances = [];
  }
  // No instance list (a webinar, or none yet): the meeting id names its latest instance.
  if (instances.length === 0) instances = [meetingId];
  const result: Array<{ instance: string; rows: IncomingRow[] }> = [];
  let done = 0;
  for (const instance of instances) {
    const rows = await client.listParticipants(kind, instance, (count, total) =>
      onProgress(done + count, done + total),
    );
    done += rows.length;
    result.push({
      instance,
      rows: rows.map(toIncomingRow).filter((row): row is IncomingRow => row !== null),
    });
  }
  return result;
}
