// A live session as attendance sees it: the module of a published course, its scheduled window,
// threshold and meeting.
import { Types } from 'mongoose';
import { CourseModel } from '../courses';
import { loadEditableCourse, type Actor } from '../courses/authoring/course-access';
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

interface StoredModule {
  _id: Types.ObjectId;
  kind: string;
  title: string;
  liveSession?: {
    startsAt: Date;
    durationMinutes: number;
    meetingId?: string | null;
    meetingKind?: AttendanceKind | null;
    attendanceThreshold?: number | null;
  } | null;
}

function toLiveSession(course: { _id: Types.ObjectId; slug: string }, module: StoredModule) {
  const live = module.liveSession!;
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
  } satisfies LiveSession;
}

export async function findLiveSession(moduleId: string | Types.ObjectId): Promise<LiveSession> {
  if (!Types.ObjectId.isValid(moduleId)) throw notFound('liveSession');
  const course = await CourseModel.findOne({ status: 'published', 'modules._id': moduleId })
    .select('slug modules')
    .lean();
  const module = (course?.modules as StoredModule[] | undefined)?.find(
    (candidate) => String(candidate._id) === String(moduleId),
  );
  if (!course || !module || module.kind !== 'live_session' || !module.liveSession)
    throw notFound('liveSession');
  return toLiveSession(course, module);
}

/** A live session of a course the actor may edit (its instructors, or an admin), with the course. */
export async function findEditableLiveSession(actor: Actor, slug: string, moduleId: string) {
  const course = await loadEditableCourse(actor, slug);
  const session = await findLiveSession(moduleId);
  if (String(session.courseId) !== String(course._id)) throw notFound('liveSession');
  return { course, session };
}

/** The published live sessions with this meeting id (webhooks name a meeting, not a module). */
export async function findLiveSessionsByMeeting(meetingId: string): Promise<LiveSession[]> {
  const courses = await CourseModel.find({
    status: 'published',
    'modules.liveSession.meetingId': meetingId,
  })
    .select('slug modules')
    .lean();
  return courses.flatMap((course) =>
    (course.modules as StoredModule[])
      .filter(
        (module) => module.kind === 'live_session' && module.liveSession?.meetingId === meetingId,
      )
      .map((module) => toLiveSession(course, module)),
  );
}

/** Published live sessions that ended between `since` and `until` and have a meeting id. */
export async function findEndedLiveSessions(since: Date, until: Date): Promise<LiveSession[]> {
  const courses = await CourseModel.find({
    status: 'published',
    'modules.liveSession.startsAt': {
      $gte: new Date(since.getTime() - 24 * 3600_000),
      $lte: until,
    },
  })
    .select('slug modules')
    .lean();
  return courses
    .flatMap((course) =>
      (course.modules as StoredModule[])
        .filter((module) => module.kind === 'live_session' && module.liveSession?.meetingId)
        .map((module) => toLiveSession(course, module)),
    )
    .filter((session) => session.window.end >= since && session.window.end <= until);
}

/** Published live sessions starting between `from` and `until`. */
export async function findSessionsStartingBetween(from: Date, until: Date): Promise<LiveSession[]> {
  const courses = await CourseModel.find({
    status: 'published',
    'modules.liveSession.startsAt': { $gte: from, $lte: until },
  })
    .select('slug modules')
    .lean();
  return courses.flatMap((course) =>
    (course.modules as StoredModule[])
      .filter(
        (module) =>
          module.kind === 'live_session' &&
          module.liveSession &&
          module.liveSession.startsAt >= from &&
          module.liveSession.startsAt <= until,
      )
      .map((module) => toLiveSession(course, module)),
  );
}
