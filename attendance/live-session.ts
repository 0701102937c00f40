// A live session as attendance sees it: the module of a published course, its scheduled window,
// threshold and meeting.
import { Types } from 'mongoose';
import {
  findEditableCourse,
  listPublishedLiveSessions,
  type Actor,
  type LiveSessionModule,
} from '../courses';
import { notFound } from '../platform/errors';
import type { ZoomKind } from './zoom/zoom-client';

export type AttendanceKind = ZoomKind | 'checkin_list';

export interface LiveSession {
  moduleId: Types.ObjectId;
  courseId: Types.ObjectId;
  courseSlug: string;
  title: string;
  window: { start: Date; end: Date };
  thresholdPercent: number;
  meetingId: string | null;
  meetingKind: AttendanceKind;
}

function toLiveSession({ course, module }: LiveSessionModule): LiveSession {
  const live = module.liveSession;
  return {
    moduleId: module._id,
    courseId: course._id,
    courseSlug: course.slug,
    title: module.title,
    window: {
      start: live.startsAt,
      end: new Date(live.startsAt.getTime() + live.durationMinutes * 60_000),
    },
    thresholdPercent: live.attendanceThreshold ?? 75,
    meetingId: live.meetingId || null,
    meetingKind: live.meetingKind ?? 'meeting',
  };
}

export async function findLiveSession(moduleId: string | Types.ObjectId): Promise<LiveSession> {
  if (!Types.ObjectId.isValid(moduleId)) throw notFound('liveSession');
  const [found] = await listPublishedLiveSessions({ moduleId });
  if (!found) throw notFound('liveSession');
  return toLiveSession(found);
}

/** A live session of a course the actor may edit (its instructors, or an admin), with the course. */
export async function findEditableLiveSession(actor: Actor, slug: string, moduleId: string) {
  const course = await findEditableCourse(actor, slug);
  const session = await findLiveSession(moduleId);
  if (String(session.courseId) !== String(course._id)) throw notFound('liveSession');
  return { course, session };
}

/** The published live sessions with this meeting id (webhooks name a meeting, not a module). */
export async function findLiveSessionsByMeeting(meetingId: string): Promise<LiveSession[]> {
  return (await listPublishedLiveSessions({ meetingId })).map(toLiveSession);
}

/** Published live sessions that ended between `since` and `until` and have a meeting id. */
export async function findEndedLiveSessions(since: Date, until: Date): Promise<LiveSession[]> {
  // A session ends at most a day after it starts, so its start falls in this wider window.
  const from = new Date(since.getTime() - 24 * 3600_000);
  return (await listPublishedLiveSessions({ startsBetween: { from, until } }))
    .filter((found) => found.module.liveSession.meetingId)
    .map(toLiveSession)
    .filter((session) => session.window.end >= since && session.window.end <= until);
}

/** Published live sessions starting between `from` and `until`. */
export async function findSessionsStartingBetween(from: Date, until: Date): Promise<LiveSession[]> {
  return (await listPublishedLiveSessions({ startsBetween: { from, until } })).map(toLiveSession);
}
