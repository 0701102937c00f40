// What comes after a completed course, for the player: the next course of its level the student
// has something to do in (the Portuguese review finished a course and met only a link back to its
// last lesson), or the level itself once every course of it is done.
import type { Types } from 'mongoose';
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import { findPublishedCoursesByIds } from '../catalog/course-lookup';
import { SpecializationModel } from '../catalog/specialization.model';
import type { LevelKey } from '../catalog/topics';
import { completionKeys } from '../completion/completion-rules';
import { activeCourse, readLearnerState } from './learner-state';
import { progressOfCourses } from './progress.service';

export interface AfterCourse {
  specialization: { slug: string; title: string };
  level: LevelKey;
  /** The level's next course with something to do now, in the level's order. */
  nextCourse: { slug: string; title: string; enrolled: boolean } | null;
  /** No such course, but some wait for their live sessions: the level is not done yet. */
  waitingForSessions: boolean;
}

type Titled = { title: string; language?: string | null; translations?: Translations<'title'> };

export async function afterCourse(
  studentId: string,
  courseId: Types.ObjectId,
  reader: Language,
): Promise<AfterCourse | null> {
  const specialization = await SpecializationModel.findOne({
    status: 'published',
    'levels.courses': courseId,
  })
    .select('slug title translations levels.key levels.courses')
    .lean();
  const level = specialization?.levels.find((candidate) =>
    candidate.courses.some((id) => id.equals(courseId)),
  );
  if (!specialization || !level) return null;
  const [courses, learner] = await Promise.all([
    findPublishedCoursesByIds<
      Titled & { _id: Types.ObjectId; slug: string; archivedAt?: Date | null }
    >(level.courses, 'slug title language translations archivedAt'),
    readLearnerState(studentId),
  ]);
  const unfinished = courses.filter(
    (course) =>
      !course._id.equals(courseId) &&
      !course.archivedAt &&
      !learner.completions.has(completionKeys.course(String(course._id))),
  );
  // A course waiting only for its live sessions has nothing to do now: the next one with work
  // left comes first (the Spanish review was sent to such a course while another was untouched).
  const progress = await progressOfCourses(
    learner,
    unfinished.filter((course) => activeCourse(learner, course._id)).map((course) => course._id),
  );
  const next = unfinished.find((course) => !progress.get(String(course._id))?.sessionsLeft);
  return {
    specialization: {
      slug: specialization.slug,
      title: inReaderLanguage(specialization as Titled, ['title'], reader).title,
    },
    level: level.key as LevelKey,
    nextCourse: next
      ? {
          slug: next.slug,
          title: inReaderLanguage(next, ['title'], reader).title,
          enrolled: Boolean(activeCourse(learner, next._id)),
        }
      : null,
    waitingForSessions: !next && unfinished.length > 0,
  };
}
