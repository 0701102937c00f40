// Live sessions from a student's side: when the join link opens, and which sessions of their
// courses are coming up (the dashboard's panel).
import type { Types } from 'mongoose';
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import { findPublishedCoursesByIds } from '../catalog/course-lookup';
import type { CourseModule } from '../catalog/course.model';
import type { LearnerState } from './learner-state';

/**
 * The join link shows from this long before the start until the end: early enough to test audio,
 * late enough that nobody joins an empty room the day before (or shares the link around).
 */
export const joinOpensMinutesBefore = 15;

export type JoinState = 'not-yet' | 'open' | 'ended';

export function joinWindow(live: { startsAt: Date; durationMinutes: number }) {
  const opensAt = new Date(live.startsAt.getTime() - joinOpensMinutesBefore * 60_000);
  const endsAt = new Date(live.startsAt.getTime() + live.durationMinutes * 60_000);
  return { opensAt, endsAt };
}

export function joinStateAt(
  live: { startsAt: Date; durationMinutes: number },
  now: Date,
): JoinState {
  const { opensAt, endsAt } = joinWindow(live);
  if (now < opensAt) return 'not-yet';
  return now <= endsAt ? 'open' : 'ended';
}

export interface UpcomingSession {
  course: { slug: string; title: string };
  moduleId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  joinOpensAt: string;
  /** Only while the window is open: the link itself. */
  joinUrl: string | null;
  attended: boolean;
}

type SessionCourse = {
  _id: Types.ObjectId;
  slug: string;
  title: string;
  language: string;
  translations?: Translations<'title'> | null;
  modules: (CourseModule & { translations?: Translations<'title'> | null })[];
};

/** The live sessions of these courses that have not ended yet, soonest first. */
export async function upcomingLiveSessions(
  learner: LearnerState,
  courseIds: Types.ObjectId[],
  reader: Language,
  now = new Date(),
  limit = 5,
): Promise<UpcomingSession[]> {
  if (!courseIds.length) return [];
  const courses = await findPublishedCoursesByIds<SessionCourse>(
    courseIds,
    'slug title language translations modules._id modules.kind modules.title modules.translations modules.liveSession',
  );
  const sessions = courses.flatMap((course) => {
    const done = learner.courses.get(String(course._id))?.done ?? new Set<string>();
    return course.modules.flatMap((module) => {
      const live = module.kind === 'live_session' ? module.liveSession : null;
      if (!live || joinStateAt(live, now) === 'ended') return [];
      const open = joinStateAt(live, now) === 'open';
      return [
        {
          course: {
            slug: course.slug,
            title: inReaderLanguage(course, ['title'], reader).title,
          },
          moduleId: String(module._id),
          title: inReaderLanguage({ ...module, language: course.language }, ['title'], reader)
            .title,
          startsAt: live.startsAt.toISOString(),
          durationMinutes: live.durationMinutes,
          joinOpensAt: joinWindow(live).opensAt.toISOString(),
          joinUrl: open ? (live.joinUrl ?? null) : null,
          attended: done.has(String(module._id)),
        },
      ];
    });
  });
  return sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, limit);
}
