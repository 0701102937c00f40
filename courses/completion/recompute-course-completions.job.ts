// After a new version is published: everyone enrolled is re-checked, since a removed module may
// have been the last one they were missing. (An added required module never takes back a
// completion already recorded.)
import type { JobDefinition } from '../../server/queue';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { checkCourseCompletion } from './completion.service';

export const recomputeCourseCompletionsJob: JobDefinition<{ courseId: string }> = {
  name: 'recompute-course-completions',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ courseId }, { logger, services }) {
    let added = 0;
    const enrollments = EnrollmentModel.find({ course: courseId, status: 'active' })
      .select('student')
      .lean()
      .cursor();
    for await (const enrollment of enrollments) {
      const result = await checkCourseCompletion(services, String(enrollment.student), courseId, {
        via: 'recompute',
      });
      if (result?.isNew) added += 1;
    }
    logger.info({ courseId, added }, 'course completions re-checked');
  },
};
