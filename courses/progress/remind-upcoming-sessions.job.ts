// A day before a live session, each student enrolled in its course finds it in their
// notifications (the dashboard lists it too). Hourly: a notification is at most an hour late, and
// the dedupe key (session, start time) writes it once, however often the job runs; a session moved
// to another time is announced again for its new time.
import { inReaderLanguage, type Translations } from '../../i18n';
import { notify } from '../../notifications';
import type { JobDefinition } from '../../platform/queue';
import { findUserProfiles } from '../../accounts';
import { listPublishedLiveSessions } from '../catalog/catalog-queries';
import { findPublishedCoursesByIds } from '../catalog/course-lookup';
import { listActiveStudentIds } from '../enrollment/enrollment-queries';

const hour = 60 * 60 * 1000;
export const remindHoursBefore = 24;

export async function remindUpcomingSessions(now = new Date()) {
  const sessions = await listPublishedLiveSessions({
    startsBetween: { from: now, until: new Date(now.getTime() + remindHoursBefore * hour) },
  });
  let notified = 0;
  for (const { course, module } of sessions) {
    const students = await listActiveStudentIds(course._id);
    if (!students.length) continue;
    const [texts] = await findPublishedCoursesByIds<{
      title: string;
      language: string;
      translations?: Translations<'title'> | null;
      modules: { _id: unknown; title: string; translations?: Translations<'title'> | null }[];
    }>([course._id], 'title language translations modules._id modules.title modules.translations');
    const stored = texts?.modules.find((candidate) => String(candidate._id) === String(module._id));
    const profiles = await findUserProfiles(students.map(String));
    for (const student of students) {
      const profile = profiles.get(String(student));
      if (!profile || profile.disabled) continue;
      const language = profile.language;
      await notify({
        recipient: student,
        kind: 'session-soon',
        dedupeKey: `session-soon:${module._id}:${module.liveSession.startsAt.toISOString()}`,
        message: {
          key: 'common:notifications.sessionSoon',
          values: {
            session: stored
              ? inReaderLanguage({ ...stored, language: texts!.language }, ['title'], language)
                  .title
              : module.title,
            course: texts ? inReaderLanguage(texts, ['title'], language).title : course.title,
          },
        },
        link: `/learn/${course.slug}/modules/${module._id}`,
      });
      notified += 1;
    }
  }
  return { sessions: sessions.length, notified };
}

export const remindUpcomingSessionsJob: JobDefinition<Record<string, never>> = {
  name: 'remind-upcoming-sessions',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: 100,
    repeat: { every: hour },
  },
  async perform(_data, { logger }) {
    logger.info(await remindUpcomingSessions(), 'upcoming live sessions announced');
  },
};
