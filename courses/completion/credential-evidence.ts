// What a credential of a level or specialization certifies, read from courses' own records for
// badges: each completed course with its date and version, best quiz score and live sessions
// attended; and the courses' hours a certificate prints.
import { Types } from 'mongoose';
import { CourseModel } from '../catalog/course.model';
import { SpecializationModel } from '../catalog/specialization.model';
import { ModuleProgressModel } from '../progress/module-progress.model';
import { findCourseCompletions } from './completion.queries';

export interface CourseEvidence {
  slug: string;
  title: string;
  completedAt: Date;
  version: number | undefined;
  quizBestScore: number | undefined;
  liveSessionsAttended: number;
}

/** The student's completed courses of the specialization's level (of all its levels: null). */
export async function listCourseEvidence(
  studentId: string,
  specializationId: string,
  level: string | null,
): Promise<CourseEvidence[]> {
  const courseIds = await coursesOf(specializationId, level);
  if (!courseIds.length) return [];
  const student = new Types.ObjectId(studentId);
  const [courses, completions, progress] = await Promise.all([
    CourseModel.find({ _id: { $in: courseIds } })
      .select('slug title modules._id modules.kind')
      .lean(),
    findCourseCompletions(studentId, courseIds.map(String)),
    ModuleProgressModel.find({ student, course: { $in: courseIds } })
      .select('course module bestScore completedAt')
      .lean(),
  ]);
  return courses.flatMap((course) => {
    const completion = completions.get(String(course._id));
    if (!completion) return [];
    const rows = progress.filter((row) => row.course.equals(course._id));
    const kinds = new Map(course.modules.map((m) => [String(m._id), m.kind]));
    const scores = rows.flatMap((row) =>
      row.bestScore === undefined || row.bestScore === null ? [] : [row.bestScore],
    );
    return [
      {
        slug: course.slug,
        title: course.title,
        completedAt: completion.completedAt,
        version: completion.courseVersion ?? undefined,
        quizBestScore: scores.length ? Math.max(...scores) : undefined,
        liveSessionsAttended: rows.filter(
          (row) => row.completedAt && kinds.get(String(row.module)) === 'live_session',
        ).length,
      },
    ];
  });
}

/** Each course's hours by its slug (a course deleted since is absent). */
export async function findCourseHours(slugs: readonly string[]): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const courses = await CourseModel.find({ slug: { $in: [...slugs] } })
    .select('slug hours')
    .lean();
  return new Map(courses.map((course) => [course.slug, course.hours]));
}

async function coursesOf(specializationId: string, level: string | null) {
  if (!Types.ObjectId.isValid(specializationId)) return [];
  const specialization = await SpecializationModel.findById(specializationId)
    .select('levels.key levels.courses')
    .lean();
  if (!specialization) return [];
  return specialization.levels
    .filter((candidate) => level === null || candidate.key === level)
    .flatMap((candidate) => candidate.courses);
}
