// Re-checks a course's completions. After a new version is published: everyone enrolled, since a
// removed module may have been the last one they were missing. (An added required module never
// takes back a completion already recorded.) After an attendance sync: the students whose live
// session was just completed, so a 1,000-person webinar's sync does not wait on 1,000 checks.
import type { JobDefinition } from '../../platform/queue';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { checkCourseCompletion } from './completion.service';

export const recomputeCourseCompletionsJob: JobDefinition<{
  courseId: string;
  /** Only these students, whose progress just changed; absent: everyone enrolled. */
  studentIds?: string[];
}> = {
  name: 'recompute-course-completions',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ courseId, studentIds }, { logger, services }) {
    let added = 0;
    const origin = { via: studentIds ? ('progress' as const) : ('recompute' as const) };
    const students = studentIds
      ? studentIds
      : EnrollmentModel.find({ course: courseId, status: 'active' })
          .select('student')
          .lean()
          .cursor()
          .map((enrollment) => String(enrollment.student));
    for await (const studentId of students) {
      const result = await checkCourseCompletion(services, studentId, courseId, origin);
      if (result?.isNew) added += 1;
    }
    logger.info({ courseId, added }, 'course completions re-checked');
  },
};
