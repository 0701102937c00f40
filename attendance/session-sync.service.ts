// What the admin sees of attendance syncs, and "sync now". A sync is queued under an id made
// from the session and its last attempt, so pressing the button twice queues it once.
import { listPublishedLiveSessions } from '../courses';
import type { Language } from '../i18n';
import { upsertRetryingOnce } from '../platform/errors';
import type { JobQueues } from '../platform/queue';
import { findLiveSession } from './live-session';
import { SessionSyncModel, type SyncState } from './session-sync.model';
import { syncLiveSessionJob } from './sync-live-session.job';

export interface SessionSyncView {
  moduleId: string;
  course: { slug: string; title: string };
  title: string;
  startsAt: string;
  meetingId: string | null;
  state: SyncState | 'not_synced';
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  progress: { rows: number; total: number };
  participants: number;
  present: number;
  unmatched: number;
}

/**
 * Every live session of the published courses, the most recent first, with its sync state; titles
 * in the reader's language.
 */
export async function listSessionSyncs(reader: Language): Promise<SessionSyncView[]> {
  const sessions = await listPublishedLiveSessions({ all: true }, reader);
  const courseIds = [...new Set(sessions.map(({ course }) => String(course._id)))];
  const syncs = await SessionSyncModel.find({ course: { $in: courseIds } }).lean();
  const bySession = new Map(syncs.map((sync) => [String(sync.session), sync]));
  return sessions
    .map(({ course, module }) => {
      const sync = bySession.get(String(module._id));
      return {
        moduleId: String(module._id),
        course: { slug: course.slug, title: course.title },
        title: module.title,
        startsAt: module.liveSession.startsAt.toISOString(),
        meetingId: module.liveSession.meetingId ?? null,
        state: (sync?.state ?? 'not_synced') as SessionSyncView['state'],
        lastAttemptAt: sync?.lastAttemptAt?.toISOString() ?? null,
        nextAttemptAt: sync?.nextAttemptAt?.toISOString() ?? null,
        lastError: sync?.lastError ?? null,
        progress: { rows: sync?.progress?.rows ?? 0, total: sync?.progress?.total ?? 0 },
        participants: sync?.participants ?? 0,
        present: sync?.present ?? 0,
        unmatched: sync?.unmatched ?? 0,
      };
    })
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
}

export async function requestSync(jobs: JobQueues, moduleId: string): Promise<void> {
  const session = await findLiveSession(moduleId);
  const sync = await upsertRetryingOnce(() =>
    SessionSyncModel.findOneAndUpdate(
      { session: session.moduleId },
      { $setOnInsert: { course: session.courseId, state: 'scheduled' } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  await jobs.enqueue(
    syncLiveSessionJob,
    { moduleId: String(session.moduleId) },
    `sync-live-session:${session.moduleId}:now:${sync.lastAttemptAt?.getTime() ?? 'never'}`,
  );
}
